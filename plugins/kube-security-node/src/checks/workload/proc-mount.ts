import type { Check } from '../../engine/check';
import { teamContainerSecurity } from './containerSecurity';
import {
  containerResource,
  describeContainer,
  hasOwnUserNamespace,
  hasPodSpecEvidence,
  WORKLOAD_READS,
} from './helpers';
import { ADMISSION_ITEM as ITEM, STANDARD } from './podSecurity';

/** An unmasked /proc in the node's user namespace breaks both levels. */
const BOTH_LEVELS = [STANDARD.procMount, STANDARD.procMountRestricted];
/**
 * From Kubernetes v1.35 the baseline level admits any procMount in a pod with its own user
 * namespace (hostUsers: false); the restricted level still refuses anything but Default.
 */
const RESTRICTED_ONLY = [STANDARD.procMountRestricted];

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
      const ownUserNamespace = hasOwnUserNamespace(ref.workload);
      ctx.report({
        message: `${describeContainer(
          ref,
        )} sets procMount: ${value}: the kernel files that /proc normally hides from containers become readable and writable${
          ownUserNamespace
            ? ' (the pod sets hostUsers: false, which the baseline level accepts from Kubernetes v1.35; the restricted level does not)'
            : ''
        }`,
        resource: containerResource(ref),
        evidencePath: `${ref.path}.securityContext.procMount`,
        standards: ownUserNamespace ? RESTRICTED_ONLY : BOTH_LEVELS,
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
