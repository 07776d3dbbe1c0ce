import type { Check } from '../../engine/check';
import { teamContainerSecurity } from './containerSecurity';
import {
  containerResource,
  describeContainer,
  hasPodSpecEvidence,
  isTrue,
  WORKLOAD_READS,
} from './helpers';
import { ADMISSION_ITEM as ITEM } from './podSecurity';

/**
 * No Windows HostProcess container: it runs as a process on the node itself, outside any
 * container isolation. Set on the pod's or the container's windowsOptions.
 */
export const hostProcessCheck: Check = {
  id: `${ITEM}/host-process`,
  itemId: ITEM,
  severity: 'critical',
  reads: WORKLOAD_READS,
  run(ctx) {
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      const { ref } = security;
      const own = security.hostProcess;
      const pod = security.podHostProcess;
      const value = own ?? pod;
      if (!isTrue(value)) continue;
      const fromPod = own === undefined || own === null;
      ctx.report({
        message: `${describeContainer(ref)} is a Windows HostProcess container${
          fromPod ? ' (set on the pod)' : ''
        }: it runs directly on the node with the node's network and files, outside any container boundary`,
        resource: containerResource(ref),
        evidencePath: fromPod
          ? `${ref.workload.podSpecPath}.securityContext.windowsOptions.hostProcess`
          : `${ref.path}.securityContext.windowsOptions.hostProcess`,
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
