import type {
  TeamSummary,
  TeamsResponse,
} from '@kube-security/plugin-kube-security-common';
import type { AggregateStore, TeamQuery } from '../database/AggregateStore';
import type { TeamRollup } from '../domain/summaries';
import { teamInCategory } from '../service/categoryTeams';
import { ReadScope } from '../service/ReadScope';

/**
 * Teams sorted by their (category) score: teams without a score last either way, then by
 * name. The order the store sorts in with a category selected, written in JavaScript.
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

const openTotal = (t: TeamSummary) =>
  Object.values(t.openByCategory).reduce((a, b) => a + b, 0);

/** The value a team is sorted on for the other sorts (the overall figures). */
function sortValue(
  t: TeamSummary,
  sort: Exclude<TeamQuery['sort'], 'score'>,
): string | number | null {
  if (sort === 'name') return t.name;
  if (sort === 'open') return openTotal(t);
  return t.trend;
}

function sortBy(
  teams: TeamSummary[],
  sort: Exclude<TeamQuery['sort'], 'score'>,
  order: TeamQuery['order'],
): TeamSummary[] {
  const sign = order === 'desc' ? -1 : 1;
  return [...teams].sort((a, b) => {
    const x = sortValue(a, sort);
    const y = sortValue(b, sort);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) return sign * (x < y ? -1 : 1);
    return a.name.localeCompare(b.name);
  });
}

/** The roots of the team tree (no parent, or a parent without a roll-up) and their children. */
function topOfTree(rollups: TeamRollup[]): Set<string> {
  const refs = new Set(rollups.map(r => r.summary.entityRef));
  const isRoot = (t: TeamSummary) => !t.parentRef || !refs.has(t.parentRef);
  const roots = new Set(
    rollups.filter(r => isRoot(r.summary)).map(r => r.summary.entityRef),
  );
  return new Set(
    rollups
      .filter(
        r =>
          roots.has(r.summary.entityRef) ||
          (r.summary.parentRef !== undefined && roots.has(r.summary.parentRef)),
      )
      .map(r => r.summary.entityRef),
  );
}

/**
 * A page of `GET /teams` worked out in JavaScript from every stored roll-up (as the
 * service did before the store kept the category scores in columns): filtered, limited to
 * what the caller may see, seen through the category, sorted, then paged.
 */
export async function teamsFromEveryRollup(
  aggregates: AggregateStore,
  q: TeamQuery,
  scope: ReadScope = ReadScope.everything,
): Promise<TeamsResponse> {
  const rollups = await aggregates.allTeamRollups();
  const top = q.top ? topOfTree(rollups) : undefined;
  const search = q.search?.toLocaleLowerCase('en-US');
  const matching = rollups.filter(r => {
    const t = r.summary;
    return (
      (!q.category || t.openByCategory[q.category] > 0) &&
      (!search ||
        t.name.toLocaleLowerCase('en-US').includes(search) ||
        (t.title ?? '').toLocaleLowerCase('en-US').includes(search)) &&
      (!q.provider || r.providers.includes(q.provider)) &&
      (!q.cluster || r.clusters.includes(q.cluster)) &&
      (!top || top.has(t.entityRef)) &&
      scope.seesEntity(t.entityRef)
    );
  });
  const { category } = q;
  const seen = matching.map(r =>
    category ? teamInCategory(r.summary, r, category) : r.summary,
  );
  const sorted =
    q.sort === 'score'
      ? sortByScore(seen, q.order)
      : sortBy(seen, q.sort, q.order);
  return {
    teams: sorted.slice(q.offset, q.offset + q.limit),
    total: sorted.length,
    offset: q.offset,
    limit: q.limit,
  };
}
