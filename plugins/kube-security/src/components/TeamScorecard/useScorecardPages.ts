import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type { TeamScorecardResponse } from '@kube-security/plugin-kube-security-common';
import { useCallback, useEffect, useState } from 'react';
import { kubeSecurityApiRef } from '../../api';

/** Entities asked for per "Load more". */
export const ENTITIES_PAGE = 50;
/** Top actions asked for per request when "Show all" needs the rest (the route's maximum). */
const ACTIONS_PAGE = 100;

/**
 * The entities and top actions of a scorecard, which the backend sends a page at a time:
 * the first page comes with the scorecard, `loadMoreEntities` appends the next page of
 * entities and `loadAllActions` fetches the top actions not loaded yet.
 */
export function useScorecardPages(scorecard: TeamScorecardResponse) {
  const api = useApi(kubeSecurityApiRef);
  const [entities, setEntities] = useState(scorecard.entities);
  const [actions, setActions] = useState(scorecard.topActions);
  const [loading, setLoading] = useState<'entities' | 'actions'>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    setEntities(scorecard.entities);
    setActions(scorecard.topActions);
  }, [scorecard]);

  const entitiesTotal = scorecard.entitiesPage?.total ?? entities.length;
  const actionsTotal = scorecard.topActionsPage?.total ?? actions.length;
  const { namespace, name } = parseEntityRef(scorecard.team.entityRef);

  const run = useCallback(
    async (what: 'entities' | 'actions', load: () => Promise<void>) => {
      setLoading(what);
      setError(undefined);
      try {
        await load();
      } catch (e) {
        setError(e as Error);
      } finally {
        setLoading(undefined);
      }
    },
    [],
  );

  const loadMoreEntities = () =>
    run('entities', async () => {
      const next = await api.getTeamScorecard(
        { namespace, name },
        {
          entitiesOffset: entities.length,
          entitiesLimit: ENTITIES_PAGE,
          topActionsLimit: 0,
        },
      );
      setEntities([...entities, ...next.entities]);
    });

  const loadAllActions = () =>
    run('actions', async () => {
      const all = [...actions];
      while (all.length < actionsTotal) {
        const next = await api.getTeamScorecard(
          { namespace, name },
          {
            entitiesLimit: 0,
            topActionsOffset: all.length,
            topActionsLimit: ACTIONS_PAGE,
          },
        );
        if (next.topActions.length === 0) break;
        all.push(...next.topActions);
      }
      setActions(all);
    });

  return {
    entities,
    entitiesTotal,
    loadMoreEntities,
    actions,
    actionsTotal,
    loadAllActions,
    loading,
    error,
  };
}
