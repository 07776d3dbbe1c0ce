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
/**
 * ALL spelled otherwise (`all`, `CAP_ALL`): the runtime drops every capability, but Pod
 * Security Admission compares the exact name, so only the restricted control is broken.
 */
const STANDARDS_SPELLING = Object.freeze([STANDARD.capabilitiesRestricted]);
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
      /** Index of the first entry that means ALL without being spelled ALL. */
      let otherSpelling = -1;
      const dropped = security.capabilitiesDropped;
      for (let i = 0; i < dropped.length; i++) {
        const cap = dropped[i];
        if (cap === 'ALL') {
          if (security.drop[i] === 'ALL') dropsAll = true;
          else if (otherSpelling < 0) otherSpelling = i;
        } else if (cap === 'NET_RAW') keepsRaw = false;
      }
      if (dropsAll) continue;
      if (otherSpelling >= 0) {
        ctx.report({
          message: `${describeContainer(ref)} drops ${JSON.stringify(
            security.drop[otherSpelling],
          )}: the runtime drops every capability, but admission looks for the exact name ALL, so a namespace enforcing the restricted standard refuses the pod`,
          resource: containerResource(ref),
          evidencePath: `${ref.path}.securityContext.capabilities.drop[${otherSpelling}]`,
          standards: STANDARDS_SPELLING as string[],
        });
        continue;
      }
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
