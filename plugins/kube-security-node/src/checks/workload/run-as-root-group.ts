import type { Check } from '../../engine/check';
import { teamContainerSecurity } from './containerSecurity';
import {
  asArray,
  containerResource,
  describeContainer,
  describeWorkload,
  hasPodSpecEvidence,
  isWindowsPod,
  teamPodSpecs,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';
import { ADMISSION_ITEM as ITEM } from './podSecurity';

function isZero(value: unknown): boolean {
  return value === 0 || (typeof value === 'string' && value.trim() === '0');
}

/**
 * Containers do not run with the root group (runAsGroup: 0), and pods do not add it through
 * fsGroup or supplementalGroups: files owned by group root on the node or in volumes become
 * theirs. Not a Pod Security Standards control; CIS and NSA count it with root containers.
 */
export const runAsRootGroupCheck: Check = {
  id: `${ITEM}/run-as-root-group`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      if (security.windows) continue;
      if (!isZero(security.valueOf('runAsGroup'))) continue;
      const { ref, runAsGroup: group } = security;
      ctx.report({
        message: `${describeContainer(
          ref,
        )} runs with the root group (runAsGroup: 0${
          group.fromPod ? ', set on the pod' : ''
        }): it can read and write whatever group root may`,
        resource: containerResource(ref),
        evidencePath: group.path,
      });
    }
    const workloads = teamPodSpecs(ctx);
    for (let w = 0; w < workloads.length; w++) {
      const workload = workloads[w];
      if (isWindowsPod(workload)) continue;
      const context = workload.podSpec.securityContext ?? {};
      const path = `${workload.podSpecPath}.securityContext`;
      let evidencePath: string | undefined;
      const how: string[] = [];
      if (isZero(context.fsGroup)) {
        how.push('fsGroup: 0');
        evidencePath = `${path}.fsGroup`;
      }
      const i = asArray(context.supplementalGroups).findIndex(isZero);
      if (i >= 0) {
        how.push('supplementalGroups contains 0');
        evidencePath ??= `${path}.supplementalGroups[${i}]`;
      }
      if (!evidencePath) continue;
      ctx.report({
        message: `${describeWorkload(
          workload,
        )} gives its containers the root group (${how.join(
          ', ',
        )}): its volumes and processes are shared with group root`,
        resource: workloadResource(workload),
        evidencePath,
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
