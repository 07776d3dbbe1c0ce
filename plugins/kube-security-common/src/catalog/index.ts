import {
  ActionItem,
  ActionItemId,
  Category,
  CATEGORIES,
  CheckDefinition,
} from '../types';
import { CLOUD_ITEMS } from './cloud';
import { CLUSTER_ITEMS } from './cluster';
import { IMAGE_ITEMS } from './image';
import { WORKLOAD_ITEMS } from './workload';

export { ACTION_ITEM_COUNT, baseImpactForOrder } from './define';
export { CATEGORY_TITLES, PROVIDER_TITLES } from './titles';

/** All 19 action items, in plan order (order 1 first). */
export const ACTION_ITEMS: readonly ActionItem[] = [
  ...CLOUD_ITEMS,
  ...CLUSTER_ITEMS,
  ...WORKLOAD_ITEMS,
  ...IMAGE_ITEMS,
].sort((a, b) => a.order - b.order);

/** Ids of all action items, in plan order. */
export const ACTION_ITEM_IDS: readonly ActionItemId[] = ACTION_ITEMS.map(
  item => item.id,
);

const ITEMS_BY_ID: ReadonlyMap<string, ActionItem> = new Map(
  ACTION_ITEMS.map(item => [item.id, item]),
);

export function isActionItemId(value: unknown): value is ActionItemId {
  return typeof value === 'string' && ITEMS_BY_ID.has(value);
}

/** The catalog entry for an id; throws on an unknown id. */
export function getActionItem(id: string): ActionItem {
  const item = ITEMS_BY_ID.get(id);
  if (!item) {
    throw new Error(
      `Unknown Kube Security action item '${id}'; expected one of: ${ACTION_ITEM_IDS.join(
        ', ',
      )}`,
    );
  }
  return item;
}

/** A check definition together with the item it belongs to. */
export interface CatalogCheckDefinition extends CheckDefinition {
  itemId: ActionItemId;
}

/** Every automated check of the catalog, keyed by check id. */
export const CHECK_DEFINITIONS: Readonly<
  Record<string, CatalogCheckDefinition>
> = Object.fromEntries(
  ACTION_ITEMS.flatMap(item =>
    item.checks.map(def => [def.id, { ...def, itemId: item.id }] as const),
  ),
);

/** The check definition for an id, or undefined when the catalog has none. */
export function getCheckDefinition(
  checkId: string,
): CatalogCheckDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(CHECK_DEFINITIONS, checkId)
    ? CHECK_DEFINITIONS[checkId]
    : undefined;
}

/** Action items grouped by category; every category is present, items in plan order. */
export function itemsByCategory(
  items: readonly ActionItem[] = ACTION_ITEMS,
): Record<Category, ActionItem[]> {
  const grouped = Object.fromEntries(
    CATEGORIES.map(category => [category, [] as ActionItem[]]),
  ) as Record<Category, ActionItem[]>;
  for (const item of [...items].sort((a, b) => a.order - b.order)) {
    grouped[item.category].push(item);
  }
  return grouped;
}
