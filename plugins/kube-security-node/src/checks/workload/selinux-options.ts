import type { Check } from '../../engine/check';
import { teamContainerSecurity } from './containerSecurity';
import {
  containerResource,
  describeContainer,
  hasPodSpecEvidence,
  WORKLOAD_READS,
} from './helpers';
import { ADMISSION_ITEM as ITEM } from './podSecurity';

/** SELinux types the baseline standard allows a pod to ask for. */
const ALLOWED_TYPES = [
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
];

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && String(value).trim() !== '';
}

/** What problemsOf answers for options that are not set (shared: callers only read it). */
const NO_PROBLEMS: Array<{ field: string; text: string }> = [];

function problemsOf(value: unknown): Array<{ field: string; text: string }> {
  if (!value || typeof value !== 'object') return NO_PROBLEMS;
  const options = value as Record<string, unknown>;
  const problems: Array<{ field: string; text: string }> = [];
  if (isSet(options.type) && !ALLOWED_TYPES.includes(String(options.type))) {
    problems.push({ field: 'type', text: `type ${options.type}` });
  }
  for (const field of ['user', 'role']) {
    if (isSet(options[field])) {
      problems.push({ field, text: `${field} ${options[field]}` });
    }
  }
  return problems;
}

/**
 * Containers keep the runtime's SELinux confinement: no custom type (outside the container
 * types), no SELinux user or role. As Pod Security Admission does, the pod's seLinuxOptions
 * and each container's are judged each on their own: a container's own options do not make
 * a custom label on its pod acceptable.
 */
export const seLinuxOptionsCheck: Check = {
  id: `${ITEM}/selinux-options`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      if (security.windows) continue;
      const { ref } = security;
      const own = problemsOf(security.seLinuxOptions);
      const pod = problemsOf(security.podSeLinuxOptions);
      if (own.length === 0 && pod.length === 0) continue;
      const parts = [
        ...own.map(p => p.text),
        ...pod.map(p => `${p.text} (on its pod)`),
      ];
      ctx.report({
        message: `${describeContainer(ref)} asks for SELinux ${parts.join(
          ', ',
        )}: a custom label can lift the confinement the runtime gives containers`,
        resource: containerResource(ref),
        evidencePath:
          own.length > 0
            ? `${ref.path}.securityContext.seLinuxOptions.${own[0].field}`
            : `${ref.workload.podSpecPath}.securityContext.seLinuxOptions.${pod[0].field}`,
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
