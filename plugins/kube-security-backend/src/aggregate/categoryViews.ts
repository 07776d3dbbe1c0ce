import {
  CATEGORIES,
  Category,
  computeScore,
  getActionItem,
} from '@kube-security/plugin-kube-security-common';
import type { CategoryView, EntitySummary } from '../domain/summaries';

/**
 * A team's score and most important open item in each category, from its entities'
 * summaries: the score is the team's score (see combineScores) over that category's
 * items only; the top item is the open item of that category with the highest priority
 * in any entity (entities keep every open item, so none is missed).
 */
export function categoryViews(
  entities: EntitySummary[],
): Record<Category, CategoryView> {
  const statuses = entities.flatMap(e => e.statuses);
  const items = entities
    .flatMap(e => e.topItems)
    .sort(
      (a, b) => b.priority - a.priority || a.itemId.localeCompare(b.itemId),
    );
  return Object.fromEntries(
    CATEGORIES.map(category => {
      const top = items.find(i => i.category === category);
      const view: CategoryView = {
        score: computeScore(
          statuses.filter(s => getActionItem(s.itemId).category === category),
        ),
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
