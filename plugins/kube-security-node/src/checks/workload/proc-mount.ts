import type { Check } from '../../engine/check';
import { teamContainerSecurity } from './containerSecurity';
import {
  containerResource,
  describeContainer,
  hasPodSpecEvidence,
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
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      if (security.windows) continue;
      const { ref } = security;
      const value = security.procMount;
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
