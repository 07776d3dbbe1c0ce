import type { Check } from '../../engine/check';
import { teamContainerSecurity } from './containerSecurity';
import {
  containerResource,
  describeContainer,
  hasPodSpecEvidence,
  WORKLOAD_READS,
} from './helpers';
import {
  ADMISSION_ITEM as ITEM,
  standardsWithContext,
  STANDARD,
} from './podSecurity';

const STANDARDS = Object.freeze([STANDARD.privilegeEscalation, 'CIS 5.2.6']);

/**
 * Every container sets allowPrivilegeEscalation: false (unset means allowed). Linux only:
 * the Pod Security Standards exempt Windows pods.
 */
export const privilegeEscalationCheck: Check = {
  id: `${ITEM}/privilege-escalation`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      if (security.windows) continue;
      const { ref } = security;
      const value = security.allowPrivilegeEscalation;
      if (value === false || value === 'false') continue;
      const explicit = value === true || value === 'true';
      ctx.report({
        message: explicit
          ? `${describeContainer(
              ref,
            )} sets allowPrivilegeEscalation: true: a setuid binary in it can gain more rights than the process started with`
          : `${describeContainer(
              ref,
            )} does not set allowPrivilegeEscalation: false, so a setuid binary in it can gain more rights than the process started with`,
        resource: containerResource(ref),
        evidencePath: `${ref.path}.securityContext.allowPrivilegeEscalation`,
        standards: standardsWithContext(STANDARDS, ref),
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
