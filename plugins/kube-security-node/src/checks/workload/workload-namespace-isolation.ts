import type { Check } from '../../engine/check';
import type { Workload } from '../../engine/SnapshotIndex';
import {
  describeWorkload,
  hasWorkloadEvidence,
  listNames,
  pushTo,
  teamWorkloads,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';

const ITEM = 'workload-namespace-isolation' as const;

const defaultNamespace: Check = {
  id: `${ITEM}/default-namespace`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    const wholeCluster = ctx.index.snapshot.scope === 'cluster';
    for (const workload of ctx.index.workloads) {
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
    return hasWorkloadEvidence(ctx);
  },
};

/** Namespaces that Kubernetes itself reserves. */
const RESERVED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

/** `app.kubernetes.io/part-of` values that mark the platform's own components. */
const PLATFORM_PART_OF =
  /^(kube|kubernetes|system|k8s|eks|aws|gke|gcp|google|aks|azure|calico|cilium|coredns|istio)/i;

/** An app rather than a platform component: it names a catalog entity or a non-platform app. */
function isAppWorkload(workload: Workload): boolean {
  if (workload.labels['backstage.io/kubernetes-id']) return true;
  const partOf = workload.labels['app.kubernetes.io/part-of'];
  return typeof partOf === 'string' && !PLATFORM_PART_OF.test(partOf);
}

const systemNamespace: Check = {
  id: `${ITEM}/system-namespace`,
  itemId: ITEM,
  severity: 'high',
  reads: WORKLOAD_READS,
  run(ctx) {
    for (const workload of ctx.index.workloads) {
      if (!RESERVED_NAMESPACES.includes(workload.namespace)) continue;
      if (!isAppWorkload(workload)) continue;
      ctx.report({
        message: `${describeWorkload(workload)} is an application running in '${
          workload.namespace
        }', next to the cluster's own components and their powerful service accounts: move it to a team namespace`,
        resource: workloadResource(workload),
        evidencePath: 'metadata.namespace',
      });
    }
    return hasWorkloadEvidence(ctx);
  },
};

const exposedWithDatastore: Check = {
  id: `${ITEM}/exposed-with-datastore`,
  itemId: ITEM,
  severity: 'high',
  reads: [...WORKLOAD_READS, 'Service', 'Ingress'],
  run(ctx) {
    const storesByNamespace = new Map<string, Workload[]>();
    const workloads = teamWorkloads(ctx);
    for (const workload of workloads) {
      if (workload.exposure.dataStore) {
        pushTo(storesByNamespace, workload.namespace, workload);
      }
    }
    for (const workload of workloads) {
      if (!workload.exposure.internet) continue;
      const through = workload.exposedThrough?.length
        ? ` through ${listNames(workload.exposedThrough)}`
        : '';
      if (workload.exposure.dataStore) {
        ctx.report({
          message: `${describeWorkload(workload)} looks like a ${
            workload.dataStoreKind ?? 'data store'
          } and is reachable from the internet${through}: keep data stores on internal Services in a namespace of their own`,
          resource: workloadResource(workload),
          evidencePath: 'metadata.namespace',
        });
        continue;
      }
      const stores = (storesByNamespace.get(workload.namespace) ?? [])
        .filter(store => store !== workload)
        .sort((a, b) =>
          `${a.kind}/${a.name}` < `${b.kind}/${b.name}` ? -1 : 1,
        );
      if (stores.length === 0) continue;
      ctx.report({
        message: `${describeWorkload(
          workload,
        )} is reachable from the internet${through} and shares namespace '${
          workload.namespace
        }' with ${listNames(
          stores.map(
            s => `${s.dataStoreKind ?? 'data store'} ${describeWorkload(s)}`,
          ),
        )}: a compromise of it lands next to the data. Move the data store to its own namespace`,
        resource: workloadResource(workload),
        evidencePath: 'metadata.namespace',
      });
    }
    return hasWorkloadEvidence(ctx);
  },
};

export const workloadNamespaceIsolationChecks: Check[] = [
  defaultNamespace,
  systemNamespace,
  exposedWithDatastore,
];
