import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { kubeSecurityApiRef } from '../../api';
import { errorStatus } from '../common';

/**
 * Clusters and the team's scorecard in one go. A 404 means the backend knows no
 * such team (not a Group of the catalog it read, or not one the caller may
 * see): a not-found state, not an error.
 */
export function useTeamScorecard(namespace: string, name: string) {
  const api = useApi(kubeSecurityApiRef);
  return useAsync(async () => {
    const [clusters, scorecard] = await Promise.allSettled([
      api.getClusters(),
      api.getTeamScorecard({ namespace, name }),
    ]);
    if (
      clusters.status === 'fulfilled' &&
      clusters.value.clusters.length === 0
    ) {
      return { kind: 'no-clusters' as const };
    }
    if (clusters.status === 'rejected') throw clusters.reason;
    if (scorecard.status === 'rejected') {
      if (errorStatus(scorecard.reason) === 404) {
        return { kind: 'not-found' as const };
      }
      throw scorecard.reason;
    }
    // entityCount already includes the child teams' entities.
    if (scorecard.value.team.entityCount === 0) {
      return { kind: 'no-entities' as const, team: scorecard.value.team };
    }
    return { kind: 'scorecard' as const, scorecard: scorecard.value };
  }, [api, namespace, name]);
}
