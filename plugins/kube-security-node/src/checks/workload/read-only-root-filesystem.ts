import type { Check } from '../../engine/check';
import { teamContainerSecurity } from './containerSecurity';
import {
  containerResource,
  describeContainer,
  hasPodSpecEvidence,
  isTrue,
  WORKLOAD_READS,
} from './helpers';
import {
  ADMISSION_ITEM as ITEM,
  standardsWithContext,
  STANDARD,
} from './podSecurity';

const STANDARDS = Object.freeze([STANDARD.nsaImmutable]);

/**
 * Containers run with a read-only root filesystem, so an intruder cannot drop tools or alter
 * the application in place (writable paths come from emptyDir volumes). Low: it hardens
 * rather than isolates. Windows containers do not support it.
 */
export const readOnlyRootFilesystemCheck: Check = {
  id: `${ITEM}/read-only-root-filesystem`,
  itemId: ITEM,
  severity: 'low',
  reads: WORKLOAD_READS,
  run(ctx) {
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      if (security.windows) continue;
      if (isTrue(security.readOnlyRootFilesystem)) continue;
      const { ref } = security;
      ctx.report({
        message: `${describeContainer(
          ref,
        )} can write to its root filesystem: set readOnlyRootFilesystem: true and mount an emptyDir where it must write`,
        resource: containerResource(ref),
        evidencePath: `${ref.path}.securityContext.readOnlyRootFilesystem`,
        standards: standardsWithContext(STANDARDS, ref),
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
