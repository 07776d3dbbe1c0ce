import type { Check } from '../../engine/check';
import {
  teamContainerSecurity,
  type ContainerSecurity,
} from './containerSecurity';
import {
  containerName,
  containerResource,
  describeContainer,
  hasPodAnnotations,
  hasPodSpecEvidence,
  podAnnotations,
  podMetadataPath,
  WORKLOAD_READS,
} from './helpers';
import { ADMISSION_ITEM as ITEM, STANDARD } from './podSecurity';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

type Verdict = 'confined' | 'unconfined' | 'unset';

/** The standards of a container without a profile (shared by the findings). */
const RESTRICTED_STANDARDS = Object.freeze([
  STANDARD.seccompRestricted,
  'CIS 5.7.2',
]) as string[];

function fromType(type: unknown): Verdict {
  // The usual spellings, without making a lower-cased copy.
  if (type === 'RuntimeDefault' || type === 'Localhost') return 'confined';
  const text = String(type ?? '')
    .trim()
    .toLowerCase();
  if (text === 'runtimedefault' || text === 'localhost') return 'confined';
  if (text === 'unconfined') return 'unconfined';
  return 'unset';
}

function fromAnnotation(value: unknown): Verdict {
  const text = String(value ?? '')
    .trim()
    .toLowerCase();
  if (
    text === 'runtime/default' ||
    text === 'docker/default' ||
    text.startsWith('localhost/')
  ) {
    return 'confined';
  }
  if (text === 'unconfined') return 'unconfined';
  return 'unset';
}

interface Seccomp {
  verdict: Verdict;
  path: string;
  where?: string;
}

/** What seccompOf answers for a confined container (whose path and text no one reads). */
const CONFINED: Seccomp = Object.freeze({ verdict: 'confined', path: '' });

/**
 * The profile a container runs with: its own field, the pod's field, then (where no field
 * is set) its annotation and the pod's annotation, the pre-1.19 form.
 */
function seccompOf(security: ContainerSecurity): Seccomp {
  const { ref } = security;
  const own = security.seccompProfile;
  if (own && typeof own === 'object') {
    const verdict = fromType(own.type);
    if (verdict === 'confined') return CONFINED;
    return {
      verdict,
      path: `${ref.path}.securityContext.seccompProfile.type`,
      where: `seccompProfile.type: ${own.type}`,
    };
  }
  const pod = security.podSeccompProfile;
  if (pod && typeof pod === 'object') {
    const verdict = fromType(pod.type);
    if (verdict === 'confined') return CONFINED;
    return {
      verdict,
      path: `${ref.workload.podSpecPath}.securityContext.seccompProfile.type`,
      where: `seccompProfile.type: ${pod.type} on the pod`,
    };
  }
  // The annotations only count where no field is set: since Kubernetes 1.27 the kubelet and
  // Pod Security Admission go by the fields.
  const annotations = podAnnotations(ref.workload);
  const containerKey = hasPodAnnotations(ref.workload)
    ? `${CONTAINER_ANNOTATION}${containerName(ref)}`
    : '';
  if (containerKey && annotations[containerKey] !== undefined) {
    return {
      verdict: fromAnnotation(annotations[containerKey]),
      path: `${podMetadataPath(ref.workload)}.annotations['${containerKey}']`,
      where: `annotation '${String(annotations[containerKey])}'`,
    };
  }
  if (annotations[POD_ANNOTATION] !== undefined) {
    return {
      verdict: fromAnnotation(annotations[POD_ANNOTATION]),
      path: `${podMetadataPath(ref.workload)}.annotations['${POD_ANNOTATION}']`,
      where: `pod annotation '${String(annotations[POD_ANNOTATION])}'`,
    };
  }
  // Some manifests put the pod annotation on the controller itself; scanners read it there.
  const onController =
    ref.workload.object.metadata.annotations?.[POD_ANNOTATION];
  if (ref.workload.kind !== 'Pod' && onController !== undefined) {
    return {
      verdict: fromAnnotation(onController),
      path: `metadata.annotations['${POD_ANNOTATION}']`,
      where: `annotation '${String(onController)}' on the ${ref.workload.kind}`,
    };
  }
  return {
    verdict: 'unset',
    path: `${ref.path}.securityContext.seccompProfile`,
  };
}

/**
 * Containers run under a seccomp profile: RuntimeDefault or Localhost, on the container or
 * inherited from the pod. Unconfined breaks the baseline standard (medium); no profile at
 * all breaks only the restricted one (low: the runtime then applies none). Linux only.
 */
export const seccompProfileCheck: Check = {
  id: `${ITEM}/seccomp-profile`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      if (security.windows) continue;
      const { ref } = security;
      const { verdict, path, where } = seccompOf(security);
      if (verdict === 'confined') continue;
      const who = describeContainer(ref);
      if (verdict === 'unconfined') {
        ctx.report({
          message: `${who} runs with seccomp turned off (${where}): every system call of the kernel is open to it`,
          resource: containerResource(ref),
          evidencePath: path,
        });
      } else {
        ctx.report({
          severity: 'low',
          message: `${who} ${
            where
              ? `has no known seccomp profile (${where})`
              : 'sets no seccomp profile'
          }, so no system call is filtered: set seccompProfile.type: RuntimeDefault on the pod`,
          resource: containerResource(ref),
          evidencePath: path,
          standards: RESTRICTED_STANDARDS,
        });
      }
    }
    return hasPodSpecEvidence(ctx);
  },
};
