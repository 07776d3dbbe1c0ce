import { EmptyState, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  KubeSecurityErrorPanel,
  NoClustersEmptyState,
  NotMappedEmptyState,
  isKubeSecurityAvailable,
  useClusters,
} from '../common';

/**
 * The Security tab of a Component or cluster Resource: the entity's prioritized action plan.
 *
 * @public
 */
export const EntityKubeSecurityContent = () => {
  const { entity } = useEntity();
  const { value, loading, error } = useClusters();

  if (!isKubeSecurityAvailable(entity)) {
    return <NotMappedEmptyState />;
  }
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <KubeSecurityErrorPanel error={error} />;
  }
  if (!value || value.clusters.length === 0) {
    return <NoClustersEmptyState />;
  }
  return (
    <EmptyState
      missing="data"
      title="No findings for this entity yet"
      description={`${value.clusters.length} cluster(s) are configured, but no scan has produced findings for ${entity.metadata.name} yet. Findings appear here after the next scan of a cluster running its workloads.`}
    />
  );
};
