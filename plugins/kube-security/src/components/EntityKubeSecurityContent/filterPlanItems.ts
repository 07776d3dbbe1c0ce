import {
  Category,
  isOpenStatus,
  ItemStatus,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';

/**
 * `open` ("Needs work", the default) = every item that still needs work: failing,
 * partially done (part of the evidence fails or is missing) and not verified (no scan
 * had the evidence; someone has to check or attest it). Accepted and attested items are
 * decided, passing and not-applicable ones need nothing, so they are not open.
 */
export type StatusFilter = 'all' | 'open' | ItemStatus;

/** The filter the tab opens with: the work to do. */
export const DEFAULT_STATUS_FILTER: StatusFilter = 'open';

export function matchesStatus(status: ItemStatus, filter: StatusFilter) {
  if (filter === 'all') return true;
  if (filter === 'open') return isOpenStatus(status);
  return status === filter;
}

/**
 * The plan's items that pass both filters, keeping the plan's (priority) order. Items
 * that need work carry their 1-based rank among all such items of the plan (what to fix
 * first); the others (passing, not applicable, decided) have no rank.
 */
export function filterPlanItems(
  items: PlanItem[],
  filters: { category?: Category; status: StatusFilter },
): Array<{ item: PlanItem; rank?: number }> {
  let open = 0;
  return items
    .map(item => ({
      item,
      rank: isOpenStatus(item.status) ? (open += 1) : undefined,
    }))
    .filter(
      ({ item }) =>
        (!filters.category || item.category === filters.category) &&
        matchesStatus(item.status, filters.status),
    );
}
