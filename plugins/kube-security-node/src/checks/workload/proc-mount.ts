import type { Check } from '../../engine/check';
import {
  containerResource,
  describeContainer,
  hasPodSpecEvidence,
  isWindowsPod,
  teamPodSpecContainers,
  WORKLOAD_READS,
} from './helpers';
import { ADMISSION_ITEM as ITEM } from './podSecurity';

/** Containers keep the default masked /proc (procMount: Default or unset). */
export const procMountCheck: Check = {
  id: `${ITEM}/proc-mount`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    for (const ref of teamPodSpecContainers(ctx)) {
      if (isWindowsPod(ref.workload)) continue;
      const value = ref.container.securityContext?.procMount;
      if (value === undefined || value === null) continue;
      if (String(value).trim().toLowerCase() === 'default') continue;
      ctx.report({
        message: `${describeContainer(
          ref,
        )} sets procMount: ${value}: the kernel files that /proc normally hides from containers become readable and writable`,
        resource: containerResource(ref),
        evidencePath: `${ref.path}.securityContext.procMount`,
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
