import {
  ActionItemId,
  isActionItemId,
} from '@kube-security/plugin-kube-security-common';

/** Where the items a user ticked are kept: one browser entry per signed-in user. */
export function doneItemsStorageKey(userEntityRef: string): string {
  return `kube-security:action-plan:done:${userEntityRef}`;
}

/**
 * The ticked items stored for a user; anything unreadable (no storage, bad JSON, ids this
 * version does not know) is dropped rather than failing the page.
 */
export function readDoneItems(
  storage: Pick<Storage, 'getItem'> | undefined,
  userEntityRef: string,
): ActionItemId[] {
  try {
    const raw = storage?.getItem(doneItemsStorageKey(userEntityRef));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter(isActionItemId) : [];
  } catch {
    return [];
  }
}

/** Stores the ticked items; a full or disabled storage only loses the memory, not the page. */
export function writeDoneItems(
  storage: Pick<Storage, 'setItem'> | undefined,
  userEntityRef: string,
  ids: readonly ActionItemId[],
): boolean {
  try {
    storage?.setItem(doneItemsStorageKey(userEntityRef), JSON.stringify(ids));
    return storage !== undefined;
  } catch {
    return false;
  }
}
