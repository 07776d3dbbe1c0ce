import type { Check } from '../../engine/check';
import type { Workload } from '../../engine/SnapshotIndex';
import {
  describeWorkload,
  hasWorkloadEvidence,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';

const ITEM = 'workload-namespace-isolation' as const;

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

/** Applications do not run in the namespaces Kubernetes reserves for itself. */
export const systemNamespaceCheck: Check = {
  id: `${ITEM}/system-namespace`,
  itemId: ITEM,
  severity: 'high',
  reads: WORKLOAD_READS,
  run(ctx) {
    const items = ctx.index.workloads;
    for (let k = 0; k < items.length; k++) {
      const workload = items[k];
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
