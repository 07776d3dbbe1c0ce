import { KUBERNETES_ANNOTATION } from '@backstage/plugin-kubernetes-common';
import type { MappingConflict } from '@kube-security/plugin-kube-security-common';
import type { MappedEntity } from './catalogSnapshot';
import { matchesLabelSelector } from './labelSelector';
import { conflictMessage, isCatchAllSelector, pickClaim } from './claims';

export interface WorkloadKey {
  cluster: string;
  namespace: string;
  labels: Record<string, string>;
}

/** A workload that several entities claim, as one conflict (without message and count). */
export type WorkloadConflict = Pick<
  MappingConflict,
  'kind' | 'cluster' | 'subject' | 'claimants' | 'keptBy'
>;

export interface WorkloadClaim {
  /** The entity that owns the workload; undefined when none does or every claim is refused. */
  entity?: MappedEntity;
  /** Set when several entities claim the workload. */
  conflict?: WorkloadConflict;
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
 * An id match goes before selector matches. When several entities claim the same thing the
 * claim seen first keeps it and the others are refused (none wins a tie); a selector that
 * pins no label to a value would pick any workload and is refused; a cluster pinned to an
 * entity by configuration belongs to that entity alone.
 */
export class EntityMatcher {
  private readonly byKubernetesId = new Map<string, MappedEntity[]>();
  private readonly withSelector: MappedEntity[] = [];
  private readonly clusterResources = new Map<string, MappedEntity>();
  /** Conflicts visible in the catalog alone: clusters claimed twice, catch-all selectors. */
  readonly conflicts: MappingConflict[] = [];

  constructor(
    entities: MappedEntity[],
    /** Cluster name → the entity ref configuration pins it to. */
    pins: ReadonlyMap<string, string> = new Map(),
  ) {
    const byCluster = new Map<string, MappedEntity[]>();
    for (const entity of entities) {
      if (entity.representsCluster) {
        const list = byCluster.get(entity.representsCluster) ?? [];
        list.push(entity);
        byCluster.set(entity.representsCluster, list);
        continue;
      }
      if (entity.kubernetesId) {
        const list = this.byKubernetesId.get(entity.kubernetesId) ?? [];
        list.push(entity);
        this.byKubernetesId.set(entity.kubernetesId, list);
      }
      if (entity.labelSelector) {
        if (isCatchAllSelector(entity.labelSelector)) {
          this.conflicts.push(
            withMessage({
              kind: 'catch-all-selector',
              cluster: entity.cluster,
              subject: 'label selector',
              claimants: [entity.ref],
            }),
          );
        } else {
          this.withSelector.push(entity);
        }
      }
    }
    for (const [cluster, claimants] of byCluster) {
      this.claimCluster(cluster, claimants, pins.get(cluster));
    }
  }

  private claimCluster(
    cluster: string,
    claimants: MappedEntity[],
    pinned: string | undefined,
  ) {
    const winner = pinned
      ? claimants.find(e => e.ref === pinned)
      : pickClaim(claimants);
    if (winner) this.clusterResources.set(cluster, winner);
    if (claimants.length > 1 || (pinned && !winner)) {
      this.conflicts.push(
        withMessage(
          {
            kind: 'cluster',
            cluster,
            subject: `cluster ${cluster}`,
            claimants: claimants.map(e => e.ref).sort(),
            keptBy: winner?.ref,
          },
          pinned,
        ),
      );
    }
  }

  /** The entity owning a workload, or undefined (unowned or refused). */
  matchWorkload(workload: WorkloadKey): MappedEntity | undefined {
    return this.claimWorkload(workload).entity;
  }

  /** The entity owning a workload, and the conflict when several entities claim it. */
  claimWorkload(workload: WorkloadKey): WorkloadClaim {
    const id = workload.labels[KUBERNETES_ANNOTATION];
    if (id) {
      const byId = (this.byKubernetesId.get(id) ?? []).filter(e =>
        inScope(e, workload),
      );
      if (byId.length) {
        return settle(byId, {
          kind: 'kubernetes-id',
          cluster: workload.cluster,
          subject: `kubernetes-id ${id}`,
        });
      }
    }
    const bySelector = this.withSelector.filter(
      e =>
        inScope(e, workload) &&
        matchesLabelSelector(e.labelSelector!, workload.labels),
    );
    if (!bySelector.length) return {};
    return settle(bySelector, {
      kind: 'label-selector',
      cluster: workload.cluster,
      subject: `label selectors of ${bySelector
        .map(e => e.ref)
        .sort()
        .join(', ')}`,
    });
  }

  /** The Resource that represents a cluster, if the catalog has one it may have. */
  clusterResource(cluster: string): MappedEntity | undefined {
    return this.clusterResources.get(cluster);
  }
}

function settle(
  claimants: MappedEntity[],
  what: Pick<WorkloadConflict, 'kind' | 'cluster' | 'subject'>,
): WorkloadClaim {
  if (claimants.length === 1) return { entity: claimants[0] };
  const winner = pickClaim(claimants);
  return {
    entity: winner,
    conflict: {
      ...what,
      claimants: claimants.map(e => e.ref).sort(),
      keptBy: winner?.ref,
    },
  };
}

function withMessage(
  conflict: WorkloadConflict,
  pinned?: string,
): MappingConflict {
  return { ...conflict, message: conflictMessage(conflict, pinned) };
}
