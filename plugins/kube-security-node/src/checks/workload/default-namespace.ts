import type { Check } from '../../engine/check';
import {
  describeWorkload,
  hasWorkloadEvidence,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';

const ITEM = 'workload-namespace-isolation' as const;

/** Workloads do not run in the shared `default` namespace. */
export const defaultNamespaceCheck: Check = {
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
