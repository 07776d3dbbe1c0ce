import { KUBERNETES_ANNOTATION } from '@backstage/plugin-kubernetes-common';
import type { MappedEntity } from './catalogSnapshot';
import { matchesLabelSelector } from './labelSelector';

export interface WorkloadKey {
  cluster: string;
  namespace: string;
  labels: Record<string, string>;
}

function inScope(entity: MappedEntity, workload: WorkloadKey): boolean {
  return (
    (!entity.namespace || entity.namespace === workload.namespace) &&
    (!entity.cluster || entity.cluster === workload.cluster)
  );
}

/**
 * Decides which catalog entity a workload belongs to, with the Backstage Kubernetes plugin's
 * rules: its `backstage.io/kubernetes-id` label equals the entity's annotation, or the
 * entity's label selector selects it; both narrowed by the namespace and cluster annotations.
 * Lookups by id are a map; only entities with a label selector are tried one by one.
 */
export class EntityMatcher {
  private readonly byKubernetesId = new Map<string, MappedEntity[]>();
  private readonly withSelector: MappedEntity[] = [];
  private readonly clusterResources = new Map<string, MappedEntity>();

  constructor(entities: MappedEntity[]) {
    for (const entity of entities) {
      if (entity.representsCluster) {
        if (!this.clusterResources.has(entity.representsCluster)) {
          this.clusterResources.set(entity.representsCluster, entity);
        }
        continue;
      }
      if (entity.kubernetesId) {
        const list = this.byKubernetesId.get(entity.kubernetesId) ?? [];
        list.push(entity);
        this.byKubernetesId.set(entity.kubernetesId, list);
      }
      if (entity.labelSelector) this.withSelector.push(entity);
    }
  }

  /** The entity owning a workload, or undefined (unowned). Ties go to the first by ref. */
  matchWorkload(workload: WorkloadKey): MappedEntity | undefined {
    const id = workload.labels[KUBERNETES_ANNOTATION];
    if (id) {
      const hit = this.byKubernetesId.get(id)?.find(e => inScope(e, workload));
      if (hit) return hit;
    }
    return this.withSelector.find(
      e =>
        inScope(e, workload) &&
        matchesLabelSelector(e.labelSelector!, workload.labels),
    );
  }

  /** The Resource that represents a cluster, if the catalog has one. */
  clusterResource(cluster: string): MappedEntity | undefined {
    return this.clusterResources.get(cluster);
  }
}
