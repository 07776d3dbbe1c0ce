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

const STANDARDS = Object.freeze([
  STANDARD.capabilitiesRestricted,
  'CIS 5.2.10',
]);
/** With NET_RAW kept, CIS's control on it too. */
const STANDARDS_RAW = Object.freeze([
  STANDARD.capabilitiesRestricted,
  'CIS 5.2.8',
  'CIS 5.2.10',
]);

/**
 * Containers drop ALL capabilities (the restricted standard; adding back NET_BIND_SERVICE is
 * dangerous-capabilities' business). A container that keeps the default set also keeps
 * NET_RAW unless it drops that one, which CIS names separately. Linux only.
 */
export const dropAllCapabilitiesCheck: Check = {
  id: `${ITEM}/drop-all-capabilities`,
  itemId: ITEM,
  severity: 'low',
  reads: WORKLOAD_READS,
  run(ctx) {
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      if (security.windows) continue;
      const { ref } = security;
      let dropsAll = false;
      let keepsRaw = true;
      const dropped = security.capabilitiesDropped;
      for (let i = 0; i < dropped.length; i++) {
        const cap = dropped[i];
        if (cap === 'ALL') dropsAll = true;
        else if (cap === 'NET_RAW') keepsRaw = false;
      }
      if (dropsAll) continue;
      ctx.report({
        message: `${describeContainer(
          ref,
        )} does not drop ALL capabilities, so it keeps the runtime's default set${
          keepsRaw ? ' (NET_RAW included, which allows spoofed packets)' : ''
        } that it very likely never uses`,
        resource: containerResource(ref),
        evidencePath: `${ref.path}.securityContext.capabilities.drop`,
        standards: standardsWithContext(
          keepsRaw ? STANDARDS_RAW : STANDARDS,
          ref,
        ),
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
