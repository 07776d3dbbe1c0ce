import type {
  Category,
  TeamSummary,
} from '@kube-security/plugin-kube-security-common';
import type { TeamQuery } from '../database/AggregateStore';
import type { TeamRollup } from '../domain/summaries';

/**
 * A team as the overview shows it with a category selected: its score and most important
 * item count only that category's items. A roll-up stored before it kept per-category
 * views is shown as it is.
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

/**
 * Teams sorted by their category score, as the store sorts by the overall one: teams
 * without a score last either way, then by name.
 */
export function sortByScore(
  teams: TeamSummary[],
  order: TeamQuery['order'],
): TeamSummary[] {
  const sign = order === 'desc' ? -1 : 1;
  return [...teams].sort((a, b) => {
    const x = a.score.value;
    const y = b.score.value;
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) return sign * (x - y);
    return a.name.localeCompare(b.name);
  });
}
