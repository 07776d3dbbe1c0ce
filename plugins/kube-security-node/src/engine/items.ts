import {
  ACTION_ITEMS,
  ActionItemId,
  Category,
  getActionItem,
  isActionItemId,
} from '@kube-security/plugin-kube-security-common';

/** Every action item id, in plan order: the engine reports coverage for all of them. */
export const ENGINE_ITEM_IDS: readonly ActionItemId[] = ACTION_ITEMS.map(
  item => item.id,
);

const ORDER: ReadonlyMap<string, number> = new Map(
  ACTION_ITEMS.map(item => [item.id, item.order]),
);

/** Position of an item in the plan (unknown ids last). Sorting calls it per comparison. */
export function itemOrder(itemId: string): number {
  return ORDER.get(itemId) ?? ACTION_ITEMS.length + 1;
}

/** The item's title as the catalog words it, for the engine's notes. */
export function itemTitle(itemId: string): string {
  return isActionItemId(itemId) ? getActionItem(itemId).title : itemId;
}

export function categoryOfItem(itemId: ActionItemId): Category {
  return getActionItem(itemId).category;
}
