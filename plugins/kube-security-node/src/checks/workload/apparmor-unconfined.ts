import type { Check } from '../../engine/check';
import { teamContainerSecurity } from './containerSecurity';
import {
  asArray,
  containerName,
  containerResource,
  describeContainer,
  describeWorkload,
  hasPodAnnotations,
  hasPodSpecEvidence,
  isWindowsPod,
  podAnnotations,
  podMetadataPath,
  teamPodSpecs,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';
import { ADMISSION_ITEM as ITEM } from './podSecurity';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** Annotation values the baseline standard allows: the runtime default or a node profile. */
function allowedAnnotation(value: unknown): boolean {
  const text = String(value ?? '').trim();
  return (
    text === '' || text === 'runtime/default' || text.startsWith('localhost/')
  );
}

/**
 * Containers do not run without AppArmor: appArmorProfile.type Unconfined (the container's,
 * else the pod's) or the older per-container annotation set to `unconfined` (or any value
 * other than runtime/default or localhost/<profile>).
 */
export const appArmorCheck: Check = {
  id: `${ITEM}/apparmor-unconfined`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      if (security.windows) continue;
      const { ref } = security;
      const annotationKey = hasPodAnnotations(ref.workload)
        ? `${ANNOTATION_PREFIX}${containerName(ref)}`
        : '';
      const value = security.valueOf('appArmorProfile');
      const type =
        value === undefined ? '' : String(value?.type ?? '').toLowerCase();
      const annotation = annotationKey
        ? podAnnotations(ref.workload)[annotationKey]
        : undefined;
      let evidencePath: string | undefined;
      let how = '';
      if (type === 'unconfined') {
        const profile = security.appArmorProfile;
        evidencePath = `${profile.path}.type`;
        how = `appArmorProfile.type: Unconfined${
          profile.fromPod ? ' (from its pod)' : ''
        }`;
      } else if (annotation !== undefined && !allowedAnnotation(annotation)) {
        evidencePath = `${podMetadataPath(
          ref.workload,
        )}.annotations['${annotationKey}']`;
        how = `the AppArmor annotation '${String(annotation)}'`;
      }
      if (!evidencePath) continue;
      ctx.report({
        message: `${describeContainer(
          ref,
        )} runs without an AppArmor profile (${how}): nothing limits which files and kernel features it may use`,
        resource: containerResource(ref),
        evidencePath,
      });
    }
    // Annotations for containers the pod does not have are still refused at admission.
    const workloads = teamPodSpecs(ctx);
    for (let w = 0; w < workloads.length; w++) {
      const workload = workloads[w];
      if (isWindowsPod(workload) || !hasPodAnnotations(workload)) continue;
      const annotations = podAnnotations(workload);
      let names: Set<string> | undefined;
      for (const [key, value] of Object.entries(annotations)) {
        if (!key.startsWith(ANNOTATION_PREFIX) || allowedAnnotation(value)) {
          continue;
        }
        names ??= new Set(
          ['initContainers', 'containers', 'ephemeralContainers'].flatMap(
            field => asArray(workload.podSpec[field]).map((c: any) => c?.name),
          ),
        );
        if (names.has(key.slice(ANNOTATION_PREFIX.length))) continue;
        ctx.report({
          message: `${describeWorkload(
            workload,
          )} sets the AppArmor annotation '${key}' to '${String(
            value,
          )}', which turns AppArmor off`,
          resource: workloadResource(workload),
          evidencePath: `${podMetadataPath(workload)}.annotations['${key}']`,
        });
      }
    }
    return hasPodSpecEvidence(ctx);
  },
};
