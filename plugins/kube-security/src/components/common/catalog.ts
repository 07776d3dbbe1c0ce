import {
  ACTION_ITEMS,
  ActionItem,
} from '@kube-security/plugin-kube-security-common';

const ITEMS_BY_ID: ReadonlyMap<string, ActionItem> = new Map(
  ACTION_ITEMS.map(item => [item.id, item]),
);

/**
 * The catalog entry (why, what good looks like, remediation) of an item. The
 * catalog ships with the common package, so no request is needed; undefined
 * when the backend knows an item this frontend does not (version skew).
 */
export function findActionItem(id: string): ActionItem | undefined {
  return ITEMS_BY_ID.get(id);
}
