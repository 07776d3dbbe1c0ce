import {
  ActionItem,
  Attestation,
  ClusterStatus,
  Finding,
  ItemEvaluation,
  Plan,
  Provider,
  ResourceRef,
  RiskException,
  buildPlan,
} from '@kube-security/plugin-kube-security-common';
import type { MappedEntity } from '../mapping/catalogSnapshot';

/**
 * What an entity answers for: a cluster Resource for every item of its cluster; any other
 * entity (a Component running workloads) for the workload and image items of its workloads.
 */
export function applicableItems(
  entity: Pick<MappedEntity, 'representsCluster'>,
) {
  if (entity.representsCluster) return () => true;
  return (item: ActionItem) => item.scope === 'workload';
}

export interface EntityPlanInput {
  entity: MappedEntity;
  /** Open findings mapped to the entity. */
  findings: Finding[];
  /** Clusters the entity's workloads run in (or the cluster it represents). */
  clusters: string[];
  coverageByCluster: Map<string, ItemEvaluation[]>;
  clusterStatuses: Map<string, ClusterStatus>;
  /** The entity's exceptions and attestations in force. */
  exceptions?: RiskException[];
  attestations?: Attestation[];
  /** The entity's workloads: its workload items are scored on the share that pass. */
  resources?: ResourceRef[];
}

export interface EntityPlan {
  plan: Plan;
  provider?: Provider;
  clusters: ClusterStatus[];
  dataFrom?: string;
  stale: boolean;
}

/** The prioritized plan of one entity, from its findings and its clusters' evidence. */
export function planForEntity(input: EntityPlanInput): EntityPlan {
  const clusters = input.clusters
    .map(name => input.clusterStatuses.get(name))
    .filter((c): c is ClusterStatus => Boolean(c));
  const provider =
    input.entity.provider ?? clusters.find(c => c.provider)?.provider;
  const plan = buildPlan({
    items: input.clusters.flatMap(c => input.coverageByCluster.get(c) ?? []),
    // Findings of a retired cluster are kept for a while but not scored.
    findings: input.findings.filter(
      f => !input.clusterStatuses.get(f.resource.cluster ?? '')?.retiredAt,
    ),
    provider,
    applicable: applicableItems(input.entity),
    exceptions: input.exceptions,
    attestations: input.attestations,
    resources: input.resources,
    clusters: input.clusters,
  });
  const goodScans = clusters
    .map(c => c.lastGoodScanAt)
    .filter((d): d is string => Boolean(d))
    .sort();
  return {
    plan,
    provider,
    clusters,
    dataFrom: goodScans[0],
    stale: clusters.some(c => c.stale),
  };
}
