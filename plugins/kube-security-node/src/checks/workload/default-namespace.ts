import type { Check } from '../../engine/check';
import type { KubeObject } from '../../snapshot/types';
import {
  describeWorkload,
  hasWorkloadEvidence,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';

const ITEM = 'workload-namespace-isolation' as const;

/**
 * Application objects that go with workloads; reported when placed in `default`
 * explicitly. Those Kubernetes creates there itself are left out.
 */
const APP_OBJECT_KINDS = [
  'Service',
  'ConfigMap',
  // Kept as name, namespace and type only (snapshot/parse.ts): never their data.
  'Secret',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'Ingress',
  'PersistentVolumeClaim',
  'PodTemplate',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Endpoints',
  'EndpointSlice',
  'Lease',
  'CSIStorageCapacity',
];
const BUILT_IN_DEFAULT_OBJECTS = new Set([
  'Service/kubernetes',
  'Endpoints/kubernetes',
  'ConfigMap/kube-root-ca.crt',
  'ServiceAccount/default',
]);

/**
 * The token Secret Kubernetes before 1.24 created for the `default` service account of the
 * `default` namespace (`default-token-<suffix>`).
 */
function isLegacyDefaultToken(object: KubeObject): boolean {
  return (
    (object as { type?: unknown }).type ===
      'kubernetes.io/service-account-token' &&
    object.metadata.name.startsWith('default-token-')
  );
}

/**
 * The EndpointSlice the API server keeps for the `kubernetes` Service: named after it and
 * labelled with the Service and the controller that manages it. A slice that only borrows
 * the name is an application's.
 */
function isBuiltInSlice(object: KubeObject): boolean {
  const labels = object.metadata.labels ?? {};
  return (
    object.metadata.name === 'kubernetes' &&
    labels['kubernetes.io/service-name'] === 'kubernetes' &&
    labels['endpointslice.kubernetes.io/managed-by'] !== undefined
  );
}

/** Workloads, and the objects that go with them, do not run in the shared `default` namespace. */
export const defaultNamespaceCheck: Check = {
  id: `${ITEM}/default-namespace`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    const wholeCluster = ctx.index.snapshot.scope === 'cluster';
    const items = ctx.index.workloads;
    for (let k = 0; k < items.length; k++) {
      const workload = items[k];
      if (workload.namespace !== 'default') continue;
      const explicit = workload.object.metadata.namespace !== undefined;
      if (!explicit && !wholeCluster) {
        // A manifest without a namespace goes wherever it is applied: often a dedicated
        // namespace given with `-n` or by kustomize, sometimes `default`.
        ctx.report({
          status: 'warn',
          severity: 'low',
          message: `${describeWorkload(
            workload,
          )} names no namespace, so it lands in 'default' unless one is given when it is applied: set metadata.namespace to the team's own namespace`,
          resource: workloadResource(workload),
          evidencePath: 'metadata.namespace',
        });
        continue;
      }
      ctx.report({
        message: `${describeWorkload(
          workload,
        )} runs in the 'default' namespace, shared by everyone and easy to over-grant: move it to a namespace of its own team`,
        resource: workloadResource(workload),
        evidencePath: 'metadata.namespace',
      });
    }
    let appObjects = 0;
    for (const kind of APP_OBJECT_KINDS) {
      for (const object of ctx.index.ofKind(kind)) {
        appObjects++;
        const name = object.metadata.name;
        const namespace = object.metadata.namespace;
        if (namespace !== undefined && namespace !== 'default') continue;
        if (BUILT_IN_DEFAULT_OBJECTS.has(`${kind}/${name}`)) continue;
        if (kind === 'EndpointSlice' && isBuiltInSlice(object)) continue;
        if (kind === 'Secret' && isLegacyDefaultToken(object)) continue;
        if (namespace === undefined) {
          if (wholeCluster) continue; // a cluster dump without namespace: cannot tell
          ctx.report({
            status: 'warn',
            severity: 'low',
            message: `${kind} '${name}' names no namespace, so it lands in 'default' unless one is given when it is applied: set metadata.namespace to the team's own namespace`,
            resource: { kind, namespace: 'default', name },
            evidencePath: 'metadata.namespace',
            ...(object.metadata.labels
              ? { labels: object.metadata.labels }
              : {}),
          });
          continue;
        }
        ctx.report({
          message: `${kind} '${name}' is placed in the 'default' namespace, shared by everyone and easy to over-grant: move it to the namespace of the team that owns it`,
          resource: { kind, namespace: 'default', name },
          evidencePath: 'metadata.namespace',
          ...(object.metadata.labels ? { labels: object.metadata.labels } : {}),
        });
      }
    }
    return hasWorkloadEvidence(ctx) || appObjects > 0;
  },
};
