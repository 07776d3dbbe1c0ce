import {
  CATEGORIES,
  Category,
  Score,
} from '@kube-security/plugin-kube-security-common';
import type { CategoryView, PlanItemSummary } from '../domain/summaries';

/**
 * A team's score and most important open item in each category: the score is the team's
 * score (see combineScores) over that category's items only (see StatusPool.figures); the
 * top item is the open item of that category with the highest priority in any of its
 * entities, then the lowest item id, then the first entity ref (see TeamPart.best;
 * entities keep every open item, so none is missed).
 */
export function categoryViews(
  topItems: ReadonlyMap<Category, PlanItemSummary>,
  scores: Record<Category, Score>,
): Record<Category, CategoryView> {
  return Object.fromEntries(
    CATEGORIES.map(category => {
      const top = topItems.get(category);
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
