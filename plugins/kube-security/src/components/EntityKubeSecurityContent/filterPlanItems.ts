import {
  Category,
  isOpenStatus,
  ItemStatus,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';

/**
 * `open` = everything that still needs work (fail, partial, unknown); accepted and
 * attested items are decided, so they are not open.
 */
export type StatusFilter = 'all' | 'open' | ItemStatus;

export function matchesStatus(status: ItemStatus, filter: StatusFilter) {
  if (filter === 'all') return true;
  if (filter === 'open') return isOpenStatus(status);
  return status === filter;
}

/**
 * The plan's items that pass both filters, each with its 1-based rank in the
 * whole plan, keeping the plan's (priority) order.
 */
export function filterPlanItems(
  items: PlanItem[],
  filters: { category?: Category; status: StatusFilter },
): Array<{ item: PlanItem; rank: number }> {
  return items
    .map((item, index) => ({ item, rank: index + 1 }))
    .filter(
      ({ item }) =>
        (!filters.category || item.category === filters.category) &&
        matchesStatus(item.status, filters.status),
    );
}
