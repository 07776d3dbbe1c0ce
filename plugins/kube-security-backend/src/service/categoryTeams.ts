import type {
  Category,
  TeamSummary,
} from '@kube-security/plugin-kube-security-common';
import type { TeamRollup } from '../domain/summaries';

/**
 * A team as the overview shows it with a category selected: its score and most important
 * item count only that category's items. A roll-up stored before it kept per-category
 * views is shown as it is. The store sorts by the same score (its category score columns).
 */
export function teamInCategory(
  team: TeamSummary,
  rollup: TeamRollup | undefined,
  category: Category,
): TeamSummary {
  const view = rollup?.categoryViews?.[category];
  if (!view) return team;
  const { topItem: _overall, ...rest } = team;
  return {
    ...rest,
    score: view.score,
    ...(view.topItem ? { topItem: view.topItem } : {}),
  };
}
