import type { Provider } from '@kube-security/plugin-kube-security-common';
import type { CloudDescriptor, KubeObject } from '../snapshot/types';

/** A cluster a collector can contribute to, as it announces it. */
export interface CollectorCluster {
  /** The cluster's name: how findings, catalog annotations and the API refer to it. */
  name: string;
  provider?: Provider;
  /** How often to scan it; ISO 8601 duration such as `PT1H`. Defaults to the global setting. */
  frequency?: string;
}

/** What one collector gathered about one cluster in one run. */
export interface CollectorContribution {
  /** Kubernetes objects (never Secrets). */
  objects?: KubeObject[];
  /** The provider's cluster descriptor and account facts. */
  cloud?: CloudDescriptor;
  /** Whether `objects` is the whole cluster (a live API) or a subset (a folder of manifests). */
  scope?: 'cluster' | 'manifests';
  /**
   * Kinds (or cloud facts) that could not be read, e.g. after a 403. The scan is then
   * recorded as partial and the affected items are not counted as passing.
   */
  unreadable?: Array<{ kind: string; reason: string }>;
  /** Anything else worth telling the user about this collection. */
  notes?: string[];
}

export interface CollectOptions {
  /** Aborted when the scan is cancelled or the backend shuts down. */
  signal?: AbortSignal;
}

/**
 * Gathers posture for some clusters. The backend plugin ships collectors for the Kubernetes
 * API and for snapshot folders; the cloud modules add EKS, GKE and AKS collectors through
 * the `kubeSecurityCollectorsExtensionPoint`. Contributions of every collector that names a
 * cluster are merged into one snapshot before evaluation.
 */
export interface KubeSecurityCollector {
  /** Stable id, e.g. `kubernetes`, `snapshot`, `aws`. */
  readonly id: string;
  /** The clusters this collector contributes to. */
  listClusters(): Promise<CollectorCluster[]>;
  /**
   * Collects one cluster. Throw to fail the scan (the last good findings are kept); report
   * unreadable parts in `unreadable` to make it partial instead.
   */
  collect(
    cluster: string,
    options?: CollectOptions,
  ): Promise<CollectorContribution>;
}
