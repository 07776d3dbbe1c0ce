import {
  CATEGORIES,
  Category,
  computeScore,
  getActionItem,
  Score,
} from '@kube-security/plugin-kube-security-common';
import type {
  CategoryView,
  EntitySummary,
  PlanItemSummary,
} from '../domain/summaries';

/** Each category's score over the entries of its items (what poolTeamStatuses gives). */
function categoryScores(entities: EntitySummary[]): Record<Category, Score> {
  const statuses = entities.flatMap(e => e.statuses);
  return Object.fromEntries(
    CATEGORIES.map(category => [
      category,
      computeScore(
        statuses.filter(s => getActionItem(s.itemId).category === category),
      ),
    ]),
  ) as Record<Category, Score>;
}

/**
 * A team's score and most important open item in each category, from its entities'
 * summaries: the score is the team's score (see combineScores) over that category's
 * items only; the top item is the open item of that category with the highest priority
 * in any entity (entities keep every open item, so none is missed).
 */
export function categoryViews(
  entities: EntitySummary[],
  scores: Record<Category, Score> = categoryScores(entities),
): Record<Category, CategoryView> {
  // Each category's first item in priority order (then item id, then the order they come
  // in), found in one pass rather than by sorting every item of every entity.
  const best = new Map<Category, PlanItemSummary>();
  for (const e of entities) {
    for (const item of e.topItems) {
      const current = best.get(item.category);
      if (
        !current ||
        item.priority - current.priority > 0 ||
        (item.priority === current.priority &&
          item.itemId.localeCompare(current.itemId) < 0)
      ) {
        best.set(item.category, item);
      }
    }
  }
  return Object.fromEntries(
    CATEGORIES.map(category => {
      const top = best.get(category);
      const view: CategoryView = {
        score: scores[category],
        ...(top
          ? {
              topItem: {
                itemId: top.itemId,
                title: top.title,
                status: top.status,
                severity: top.severity,
              },
            }
          : {}),
      };
      return [category, view];
    }),
  ) as Record<Category, CategoryView>;
}
