import type { Severity } from '@kube-security/plugin-kube-security-common';
import type { Check } from '../../engine/check';
import { teamContainerSecurity } from './containerSecurity';
import {
  containerResource,
  describeContainer,
  hasPodSpecEvidence,
  WORKLOAD_READS,
} from './helpers';
import {
  BASELINE_CAPABILITIES,
  capabilityEntries,
  RESTRICTED_ADDABLE,
} from './capabilities';
import { ADMISSION_ITEM as ITEM, STANDARD } from './podSecurity';

/** Capabilities that open a path to the node, and why (kept short for messages). */
const DANGEROUS_CAPABILITIES: Record<
  string,
  { severity: Severity; why: string }
> = {
  ALL: { severity: 'high', why: 'ALL is every capability of root' },
  SYS_ADMIN: {
    severity: 'high',
    why: 'SYS_ADMIN is close to full root on the node',
  },
  NET_ADMIN: {
    severity: 'high',
    why: "NET_ADMIN can reconfigure the node's networking",
  },
  SYS_PTRACE: {
    severity: 'high',
    why: 'SYS_PTRACE can inspect and alter other processes',
  },
  SYS_MODULE: { severity: 'high', why: 'SYS_MODULE can load kernel modules' },
  DAC_READ_SEARCH: {
    severity: 'high',
    why: 'DAC_READ_SEARCH can read any file it can reach',
  },
  BPF: { severity: 'high', why: 'BPF can load programs into the kernel' },
  SYS_RAWIO: {
    severity: 'high',
    why: "SYS_RAWIO can read and write the node's devices and memory",
  },
  SYS_BOOT: { severity: 'high', why: 'SYS_BOOT can reboot the node' },
  PERFMON: {
    severity: 'high',
    why: 'PERFMON can observe the kernel and other processes',
  },
  NET_RAW: {
    severity: 'medium',
    why: 'NET_RAW allows spoofed packets on the pod network',
  },
};

const RANK: Record<Severity, number> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
};

function judge(
  cap: string,
  raw: string,
): {
  severity: Severity;
  why: string;
  beyond: boolean;
} {
  const known = DANGEROUS_CAPABILITIES[cap];
  if (known) return { ...known, beyond: true };
  if (!BASELINE_CAPABILITIES.has(raw)) {
    if (BASELINE_CAPABILITIES.has(cap)) {
      return {
        severity: 'low',
        why: `the Pod Security Standards allow only the exact name ${cap}, not ${raw}`,
        beyond: true,
      };
    }
    return {
      severity: 'medium',
      why: `${cap} is outside the default set the baseline Pod Security Standard allows`,
      beyond: true,
    };
  }
  return {
    severity: 'low',
    why: `the restricted Pod Security Standard lets a container add back only ${RESTRICTED_ADDABLE}`,
    beyond: false,
  };
}

/**
 * Containers add no capability beyond NET_BIND_SERVICE. Adding one outside the runtime's
 * default set breaks the baseline standard (severity from what it opens: high for the ones
 * that reach the node, medium otherwise); adding back one of the default set breaks only the
 * restricted standard (low). Linux only: Windows pods have no capabilities.
 */
export const dangerousCapabilitiesCheck: Check = {
  id: `${ITEM}/dangerous-capabilities`,
  itemId: ITEM,
  severity: 'high',
  reads: WORKLOAD_READS,
  run(ctx) {
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      if (security.windows || security.capabilitiesAdded.length === 0) {
        continue;
      }
      const { ref } = security;
      const added = capabilityEntries(security.capabilitiesAdded)
        .filter(({ raw }) => raw !== RESTRICTED_ADDABLE && raw.trim() !== '')
        .map(entry => ({ ...entry, ...judge(entry.cap, entry.raw) }));
      if (added.length === 0) continue;
      const worst = added.reduce((a, b) =>
        RANK[b.severity] > RANK[a.severity] ? b : a,
      );
      const beyond = added.some(a => a.beyond);
      const rawNetwork = added.some(
        a => a.cap === 'NET_RAW' || a.cap === 'ALL',
      );
      // ALL and SYS_ADMIN amount to a privileged container in all but name.
      const nearPrivileged = added.some(
        a => a.cap === 'ALL' || a.cap === 'SYS_ADMIN',
      );
      ctx.report({
        severity: worst.severity,
        message: `${describeContainer(ref)} adds ${
          added.length > 1 ? 'capabilities' : 'capability'
        } ${added.map(a => a.cap).join(', ')}: ${worst.why}`,
        resource: containerResource(ref),
        evidencePath: `${ref.path}.securityContext.capabilities.add[${worst.i}]`,
        standards: beyond
          ? [
              STANDARD.capabilitiesBaseline,
              STANDARD.capabilitiesRestricted,
              ...(rawNetwork ? ['CIS 5.2.8'] : []),
              'CIS 5.2.9',
              ...(nearPrivileged ? [STANDARD.nsaPrivileged] : []),
            ]
          : [STANDARD.capabilitiesRestricted, 'CIS 5.2.9'],
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
