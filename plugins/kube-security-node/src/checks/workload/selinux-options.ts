import type { Check } from '../../engine/check';
import {
  containerResource,
  describeContainer,
  hasPodSpecEvidence,
  isWindowsPod,
  teamPodSpecContainers,
  WORKLOAD_READS,
} from './helpers';
import { ADMISSION_ITEM as ITEM, effectiveSetting } from './podSecurity';

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

/**
 * Containers keep the runtime's SELinux confinement: no custom type (outside the container
 * types), no SELinux user or role. The container's seLinuxOptions replace the pod's.
 */
export const seLinuxOptionsCheck: Check = {
  id: `${ITEM}/selinux-options`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    for (const ref of teamPodSpecContainers(ctx)) {
      if (isWindowsPod(ref.workload)) continue;
      const options = effectiveSetting(ref, 'seLinuxOptions');
      const value = options.value;
      if (!value || typeof value !== 'object') continue;
      const problems: Array<{ field: string; text: string }> = [];
      if (isSet(value.type) && !ALLOWED_TYPES.includes(String(value.type))) {
        problems.push({ field: 'type', text: `type ${value.type}` });
      }
      for (const field of ['user', 'role']) {
        if (isSet(value[field])) {
          problems.push({ field, text: `${field} ${value[field]}` });
        }
      }
      if (problems.length === 0) continue;
      ctx.report({
        message: `${describeContainer(ref)} asks for SELinux ${problems
          .map(p => p.text)
          .join(', ')}${
          options.fromPod ? ' (from its pod)' : ''
        }: a custom label can lift the confinement the runtime gives containers`,
        resource: containerResource(ref),
        evidencePath: `${options.path}.${problems[0].field}`,
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
