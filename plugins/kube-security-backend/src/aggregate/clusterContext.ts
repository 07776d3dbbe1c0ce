import type {
  ClusterStatus,
  ItemEvaluation,
  ResourceRef,
} from '@kube-security/plugin-kube-security-common';
import type { ScanStore } from '../database/ScanStore';
import type { MappedEntity } from '../mapping/catalogSnapshot';

/** What a plan needs to know about clusters, read once for many plans. */
export interface ClusterContext {
  clusterStatuses: Map<string, ClusterStatus>;
  coverageByCluster: Map<string, ItemEvaluation[]>;
  /**
   * The clusters an entity answers for: where it runs, or the cluster it represents;
   * never a retired one.
   */
  clustersOf: (entity: MappedEntity) => string[];
  /** The workloads an entity's workload items are scored on; none of a retired cluster. */
  resourcesOf: (entity: Pick<MappedEntity, 'ref'>) => ResourceRef[];
}

/**
 * Cluster statuses, coverage and where entities run; where only one entity or some run
 * when `entityRef` is set.
 */
export async function clusterContext(
  scans: ScanStore,
  entityRef?: string | string[],
): Promise<ClusterContext> {
  const [clusters, coverageByCluster, clustersByEntity, workloadsByEntity] =
    await Promise.all([
      scans.listClusters(),
      scans.coverageByCluster(),
      scans.clustersByEntity(entityRef),
      scans.workloadsByEntity(entityRef),
    ]);
  const clusterStatuses = new Map(clusters.map(c => [c.name, c]));
  // Retired clusters (no longer configured) count in no plan and no score.
  for (const c of clusters) {
    if (c.retiredAt) coverageByCluster.delete(c.name);
  }
  const clustersOf = (entity: MappedEntity): string[] => {
    if (entity.representsCluster) {
      return coverageByCluster.has(entity.representsCluster)
        ? [entity.representsCluster]
        : [];
    }
    return [...(clustersByEntity.get(entity.ref) ?? [])]
      .filter(c => !clusterStatuses.get(c)?.retiredAt)
      .sort();
  };
  const resourcesOf = (entity: Pick<MappedEntity, 'ref'>): ResourceRef[] =>
    (workloadsByEntity.get(entity.ref) ?? []).filter(
      w => !clusterStatuses.get(w.cluster ?? '')?.retiredAt,
    );
  return { clusterStatuses, coverageByCluster, clustersOf, resourcesOf };
}
