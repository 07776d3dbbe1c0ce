import type {
  Category,
  TeamsResponse,
} from '@kube-security/plugin-kube-security-common';
import type { Router } from 'express';
import type { TeamQuery } from '../src/database/AggregateStore';
import type { Stores } from '../src/database/stores';
import { parse, teamsQuery } from '../src/router/schemas';
import { teamInCategory } from '../src/service/categoryTeams';
import { sortByScore } from '../src/__testUtils__/teamsReference';

/**
 * `GET /teams` with a category selected as it was answered before the store kept each
 * team's category scores in columns, kept here as the benchmark's baseline (for a caller
 * who sees everything): every matching team's roll-up read and parsed, then every
 * team's roll-up again for its category view, rescored, sorted and paged in JavaScript.
 */
export async function teamsInCategoryBefore(
  stores: Stores,
  q: TeamQuery & { category: Category },
): Promise<TeamsResponse> {
  const { aggregates } = stores;
  const [matching, rollups] = await Promise.all([
    aggregates.queryTeams({ ...q, offset: 0, limit: 1_000_000_000 }),
    aggregates.allTeamRollups(),
  ]);
  const byRef = new Map(rollups.map(r => [r.summary.entityRef, r]));
  const seen = matching.teams.map(t =>
    teamInCategory(t, byRef.get(t.entityRef), q.category),
  );
  const sorted = q.sort === 'score' ? sortByScore(seen, q.order) : seen;
  return {
    teams: sorted.slice(q.offset, q.offset + q.limit),
    total: sorted.length,
    offset: q.offset,
    limit: q.limit,
  };
}

/** Mounts the baseline at `GET /before/teams` (a category is required). */
export function addTeamsBeforeRoute(router: Router, stores: Stores) {
  router.get('/before/teams', async (req, res) => {
    const q = parse(teamsQuery, req.query, 'query');
    if (!q.category) {
      res.status(400).json({ error: 'the baseline needs a category' });
      return;
    }
    res.json(
      await teamsInCategoryBefore(stores, {
        offset: q.offset,
        limit: q.limit,
        sort: q.sort,
        order: q.order ?? (q.sort === 'open' ? 'desc' : 'asc'),
        search: q.q,
        category: q.category as Category,
        provider: q.provider as TeamQuery['provider'],
        cluster: q.cluster,
        top: q.top === 'true',
      }),
    );
  });
}
