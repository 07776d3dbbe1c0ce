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

/** No container runs privileged (init and ephemeral ones included). */
export const privilegedContainerCheck: Check = {
  id: `${ITEM}/privileged-container`,
  itemId: ITEM,
  severity: 'critical',
  reads: WORKLOAD_READS,
  run(ctx) {
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      if (isTrue(security.privileged)) {
        const ref = security.ref;
        ctx.report({
          message: `${describeContainer(
            ref,
          )} runs privileged: it has every capability of the host and can reach all of its devices, so escaping to the node is trivial`,
          resource: containerResource(ref),
          evidencePath: `${ref.path}.securityContext.privileged`,
        });
      }
    }
    return hasPodSpecEvidence(ctx);
  },
};
