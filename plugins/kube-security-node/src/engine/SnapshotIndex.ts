import type { Exposure } from '@kube-security/plugin-kube-security-common';
import type { CloudDescriptor, KubeObject, Snapshot } from '../snapshot/types';

/**
 * A pod-running object that checks judge: a controller (Deployment, StatefulSet, DaemonSet,
 * ReplicaSet without owner, Job, CronJob, ReplicationController) or a bare Pod without a
 * controller. Pods owned by a controller in the snapshot are folded into their controller so
 * that one bad Deployment is one finding, not one per replica.
 */
export interface Workload {
  object: KubeObject;
  kind: string;
  namespace: string;
  name: string;
  /** Labels of the pod template (what Services and NetworkPolicies select). */
  podLabels: Record<string, string>;
  /** Labels of the object itself merged over the pod labels (for catalog mapping). */
  labels: Record<string, string>;
  podSpec: any;
  /** Evidence path prefix of the pod spec, e.g. `spec.template.spec` or `spec.jobTemplate.spec.template.spec`. */
  podSpecPath: string;
  serviceAccountName: string;
  exposure: Exposure;
  /** Services (by name) that select this workload. */
  services: string[];
  /**
   * What makes it internet-exposed, for messages: e.g. `Service 'web' (LoadBalancer)`,
   * `Ingress 'web'`, `HTTPRoute 'web'`. Empty when not exposed.
   */
  exposedThrough?: string[];
  /** What kind of data store it looks like (e.g. `PostgreSQL`), when `exposure.dataStore`. */
  dataStoreKind?: string;
  /** What checks derive from the workload, worked out on first use (checks' helpers). */
  facts?: WorkloadFacts;
}

/** Per-workload facts that many checks need, computed once per workload and scan. */
export interface WorkloadFacts {
  /** `Deployment 'web'` */
  description: string;
  /** The finding resource of the workload (frozen: shared by the checks' findings). */
  resource: Readonly<{ kind: string; namespace: string; name: string }>;
  /** The path to its pod template's metadata: `spec.template.metadata`, or `metadata`. */
  podMetadataPath: string;
}

/** One container (init, regular or ephemeral) of a workload, with its evidence path. */
export interface ContainerRef {
  workload: Workload;
  container: any;
  /** e.g. `spec.template.spec.containers[0]` */
  path: string;
  init: boolean;
  /** What checks derive from the container, worked out on first use (checks' helpers). */
  facts?: ContainerFacts;
}

/** Per-container facts that many checks need, computed once per container and scan. */
export interface ContainerFacts {
  /** The container's name, `(unnamed)` when it has none. */
  name: string;
  /** `Container 'api'`, `Init container 'migrate'`, `Ephemeral container 'debugger'`. */
  description: string;
  /** The finding resource of the container (frozen: shared by the checks' findings). */
  resource: Readonly<{
    kind: string;
    namespace: string;
    name: string;
    container: string;
  }>;
  /** securityContextStandard's ids (see workload/podSecurity), once known. */
  securityContextStandard: readonly string[] | undefined;
  /**
   * The resource of the image checks' findings, which name the container as written
   * (empty when it has none).
   */
  imageResource: Readonly<{
    kind: string;
    namespace: string;
    name: string;
    container: string;
  }>;
}

/**
 * The snapshot indexed once, so that every check is linear in the objects it reads.
 * Built by `buildIndex` in O(objects); lookups are maps.
 */
export interface SnapshotIndex {
  snapshot: Snapshot;
  cloud?: CloudDescriptor;
  /** All objects of a kind (kind as in the manifest, e.g. 'ClusterRoleBinding'). */
  ofKind(kind: string): KubeObject[];
  namespaces(): string[];
  namespaceObject(name: string): KubeObject | undefined;
  workloads: Workload[];
  workloadsInNamespace(namespace: string): Workload[];
  containers: ContainerRef[];
  /** NetworkPolicies of a namespace. */
  networkPoliciesIn(namespace: string): KubeObject[];
  /** Workloads using a service account, keyed `namespace/name`. */
  workloadsByServiceAccount(namespace: string, name: string): Workload[];
  /** ClusterRole or Role rules, resolved from a roleRef in a given namespace. */
  roleRules(
    roleRef: { kind: string; name: string },
    namespace?: string,
  ): any[] | undefined;
  /** Whether the snapshot could read this kind (false after a 403 on it). */
  canRead(kind: string): boolean;
  /** One object by kind, namespace (omit for cluster-scoped kinds) and name. */
  find(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  /** The workload for a pod-running object, when it is one (folded pods are not). */
  workload(kind: string, namespace: string, name: string): Workload | undefined;
}
