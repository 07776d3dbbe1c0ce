import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { kubeSecurityApiRef } from '../../api';
import {
  entityRefOf,
  isKubeSecurityAvailable,
  KubeSecurityErrorPanel,
  NoClustersEmptyState,
  NotMappedEmptyState,
} from '../common';
import {
  EntityDecisionsProvider,
  useEntityDecisionsContext,
} from '../decisions';
import { EntityPlanView } from './EntityPlanView';

function useEntityPlan(entity: Entity) {
  const api = useApi(kubeSecurityApiRef);
  const { kind, namespace, name } = entityRefOf(entity);
  // A new decision changes the plan: reload it, keeping the current one meanwhile.
  const version = useEntityDecisionsContext()?.version ?? 0;
  return useAsync(async () => {
    // Both at once; the clusters decide between "nothing configured" and a
    // plan error, so a failing plan call must not hide an empty setup.
    const [clusters, plan] = await Promise.allSettled([
      api.getClusters(),
      api.getEntityPlan({ kind, namespace, name }),
    ]);
    if (
      clusters.status === 'fulfilled' &&
      clusters.value.clusters.length === 0
    ) {
      return { noClusters: true as const };
    }
    if (clusters.status === 'rejected') throw clusters.reason;
    if (plan.status === 'rejected') throw plan.reason;
    return {
      noClusters: false as const,
      clusterNames: clusters.value.clusters.map(c => c.name),
      plan: plan.value,
    };
  }, [api, kind, namespace, name, version]);
}

const EntityPlanLoader = ({ entity }: { entity: Entity }) => {
  const { value, loading, error } = useEntityPlan(entity);
  if (loading && !value) return <Progress />;
  if (error) return <KubeSecurityErrorPanel error={error} />;
  if (!value || value.noClusters) return <NoClustersEmptyState />;
  if (!value.plan.mapped) {
    return (
      <NotMappedEmptyState entity={entity} clusterNames={value.clusterNames} />
    );
  }
  return <EntityPlanView entity={entity} response={value.plan} />;
};

/**
 * The Security tab of a Component or cluster Resource: the entity's prioritized action plan.
 *
 * @public
 */
export const EntityKubeSecurityContent = () => {
  const { entity } = useEntity();
  if (!isKubeSecurityAvailable(entity)) {
    return <NotMappedEmptyState />;
  }
  // Decisions load alongside the plan; the provider also hosts the decision dialogs.
  return (
    <EntityDecisionsProvider
      entity={entityRefOf(entity)}
      catalogRef={stringifyEntityRef(entity)}
    >
      <EntityPlanLoader entity={entity} />
    </EntityDecisionsProvider>
  );
};
