import { stringifyEntityRef } from '@backstage/catalog-model';
import type { TeamScorecardResponse } from '@kube-security/plugin-kube-security-common';
import type { Router } from 'express';
import type { Stores } from '../src/database/stores';

/**
 * The team scorecard as it was answered before it was paged (issue 17 item 4), kept here
 * as the benchmark's baseline: every entity summary of the team read and parsed whole,
 * sorted worst first in JavaScript, and every entity and top action in one response.
 */
export async function unpagedTeamScorecard(
  stores: Stores,
  namespace: string,
  name: string,
): Promise<Omit<TeamScorecardResponse, 'entitiesPage' | 'topActionsPage'>> {
  const { aggregates } = stores;
  const ref = stringifyEntityRef({ kind: 'group', namespace, name });
  const rollup = await aggregates.teamRollup(ref);
  if (!rollup) throw new Error(`no team ${ref}`);
  const children = (await aggregates.childTeams(ref)).map(c => c.summary);
  const entities = (await aggregates.entitySummaries(rollup.entityRefs))
    .map(s => ({
      entityRef: s.entityRef,
      title: s.title,
      score: s.score,
      open: s.openItems,
    }))
    .sort(
      (a, b) =>
        (a.score.value ?? 101) - (b.score.value ?? 101) ||
        a.entityRef.localeCompare(b.entityRef),
    );
  return {
    team: rollup.summary,
    children,
    topActions: rollup.topActions,
    history: await aggregates.history(ref),
    categories: rollup.categories,
    entities,
  };
}

/** Mounts the baseline at `GET /unpaged/teams/:namespace/:name/scorecard`. */
export function addUnpagedScorecardRoute(router: Router, stores: Stores) {
  router.get('/unpaged/teams/:namespace/:name/scorecard', async (req, res) => {
    res.json(
      await unpagedTeamScorecard(stores, req.params.namespace, req.params.name),
    );
  });
}

/**
 * The root team's scorecard requests the benchmark times: the first page (what the team
 * view asks for), a page deep in the entities, and the unpaged baseline, in that order.
 */
export function scorecardRequests(root: string, entities: number) {
  const deep = Math.max(0, Math.floor(entities / 2) - 50);
  return [
    {
      route: `GET /teams/default/${root}/scorecard (root, first page)`,
      path: `/teams/default/${root}/scorecard`,
    },
    {
      route: `GET /teams/default/${root}/scorecard?entitiesOffset=${deep} (root, deep page)`,
      path: `/teams/default/${root}/scorecard?entitiesOffset=${deep}`,
    },
    {
      route: `GET /unpaged/teams/default/${root}/scorecard (root, before paging)`,
      path: `/unpaged/teams/default/${root}/scorecard`,
    },
  ];
}
