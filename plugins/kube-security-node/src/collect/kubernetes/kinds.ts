/** One kind the collector lists, and where the API serves it. */
export interface CollectedKind {
  kind: string;
  /** API group; empty for the core group (`/api/v1`). */
  group: string;
  version: string;
  /** Resource name in the URL, e.g. `clusterroles`. */
  plural: string;
  /** Older versions to try, in order, when the API server does not serve `version` (404). */
  fallbackVersions?: string[];
  /**
   * Served only when an add-on is installed (policy engines' custom resources) or by newer
   * API servers: a 404 means there are none, not that the scan missed them.
   */
  optional?: boolean;
}

/**
 * Every kind the checks read, listed cluster-wide. Secrets are deliberately absent: the
 * engine only ever needs references to them, never their values.
 */
export const COLLECTED_KINDS: readonly CollectedKind[] = Object.freeze([
  { kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces' },
  { kind: 'Pod', group: '', version: 'v1', plural: 'pods' },
  { kind: 'Deployment', group: 'apps', version: 'v1', plural: 'deployments' },
  { kind: 'StatefulSet', group: 'apps', version: 'v1', plural: 'statefulsets' },
  { kind: 'DaemonSet', group: 'apps', version: 'v1', plural: 'daemonsets' },
  { kind: 'ReplicaSet', group: 'apps', version: 'v1', plural: 'replicasets' },
  { kind: 'Job', group: 'batch', version: 'v1', plural: 'jobs' },
  // batch/v1 since Kubernetes 1.21; older API servers serve only batch/v1beta1.
  {
    kind: 'CronJob',
    group: 'batch',
    version: 'v1',
    plural: 'cronjobs',
    fallbackVersions: ['v1beta1'],
  },
  // Argo Rollouts, where installed: progressive-delivery Deployments with pod templates.
  {
    kind: 'Rollout',
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'rollouts',
    optional: true,
  },
  {
    kind: 'ReplicationController',
    group: '',
    version: 'v1',
    plural: 'replicationcontrollers',
  },
  { kind: 'Service', group: '', version: 'v1', plural: 'services' },
  {
    kind: 'Ingress',
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'ingresses',
  },
  {
    kind: 'NetworkPolicy',
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'networkpolicies',
  },
  {
    kind: 'ServiceAccount',
    group: '',
    version: 'v1',
    plural: 'serviceaccounts',
  },
  {
    kind: 'Role',
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'roles',
  },
  {
    kind: 'RoleBinding',
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'rolebindings',
  },
  {
    kind: 'ClusterRole',
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'clusterroles',
  },
  {
    kind: 'ClusterRoleBinding',
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'clusterrolebindings',
  },
  { kind: 'Node', group: '', version: 'v1', plural: 'nodes' },
  {
    kind: 'ValidatingWebhookConfiguration',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    plural: 'validatingwebhookconfigurations',
  },
  {
    kind: 'MutatingWebhookConfiguration',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    plural: 'mutatingwebhookconfigurations',
  },
  {
    kind: 'CustomResourceDefinition',
    group: 'apiextensions.k8s.io',
    version: 'v1',
    plural: 'customresourcedefinitions',
  },
  // Admission policies: what they refuse decides workload-admission-policy/policy-engine.
  // Gatekeeper constraints have a kind per template; see gatekeeperConstraintKinds.
  {
    kind: 'ValidatingAdmissionPolicy',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    plural: 'validatingadmissionpolicies',
    fallbackVersions: ['v1beta1'],
    optional: true,
  },
  {
    kind: 'ValidatingAdmissionPolicyBinding',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    plural: 'validatingadmissionpolicybindings',
    fallbackVersions: ['v1beta1'],
    optional: true,
  },
  {
    kind: 'ClusterPolicy',
    group: 'kyverno.io',
    version: 'v1',
    plural: 'clusterpolicies',
    optional: true,
  },
  {
    kind: 'Policy',
    group: 'kyverno.io',
    version: 'v1',
    plural: 'policies',
    optional: true,
  },
]);

/** The API group of Gatekeeper constraints, whose kinds come from constraint templates. */
export const GATEKEEPER_CONSTRAINTS_GROUP = 'constraints.gatekeeper.sh';

/**
 * The constraint kinds Gatekeeper has created, read from their CustomResourceDefinitions
 * (listed before): one kind per constraint template, each served at its storage version.
 */
export function gatekeeperConstraintKinds(
  crds: ReadonlyArray<{ kind: string; spec?: any }>,
): CollectedKind[] {
  const kinds: CollectedKind[] = [];
  for (const crd of crds) {
    const spec = crd.spec;
    if (crd.kind !== 'CustomResourceDefinition') continue;
    if (spec?.group !== GATEKEEPER_CONSTRAINTS_GROUP) continue;
    const kind = spec.names?.kind;
    const plural = spec.names?.plural;
    if (typeof kind !== 'string' || typeof plural !== 'string') continue;
    const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
    const served = versions.filter(v => v?.served !== false);
    const version =
      served.find(v => v?.storage === true)?.name ??
      served[0]?.name ??
      'v1beta1';
    kinds.push({
      kind,
      group: GATEKEEPER_CONSTRAINTS_GROUP,
      version: String(version),
      plural,
      optional: true,
    });
  }
  return kinds;
}

/** `v1` for the core group, `apps/v1` otherwise. */
export function apiVersionOf(kind: CollectedKind): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/** The cluster-wide list path, e.g. `/apis/apps/v1/deployments`. */
export function listPathOf(kind: CollectedKind): string {
  return kind.group
    ? `/apis/${kind.group}/${kind.version}/${kind.plural}`
    : `/api/${kind.version}/${kind.plural}`;
}
