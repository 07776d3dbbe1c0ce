import type { Check } from '../../engine/check';
import { teamContainerSecurity } from './containerSecurity';
import {
  containerResource,
  describeContainer,
  hasOwnUserNamespace,
  hasPodSpecEvidence,
  isTrue,
  WORKLOAD_READS,
} from './helpers';
import {
  ADMISSION_ITEM as ITEM,
  standardsWithContext,
  STANDARD,
} from './podSecurity';

const CIS_ROOT = 'CIS 5.2.7';

/** The standards of a container running as root, when runAsNonRoot is required or not. */
const ROOT_STANDARDS = Object.freeze([
  STANDARD.runAsNonRootUser,
  CIS_ROOT,
  STANDARD.nsaNonRoot,
]);
const ROOT_STANDARDS_NON_ROOT_UNSET = Object.freeze([
  STANDARD.runAsNonRootUser,
  STANDARD.runAsNonRoot,
  CIS_ROOT,
  STANDARD.nsaNonRoot,
]);
/** The standards of a container that may run as root. */
const MAYBE_ROOT_STANDARDS = Object.freeze([
  STANDARD.runAsNonRoot,
  CIS_ROOT,
  STANDARD.nsaNonRoot,
]);
/**
 * Root in a pod with its own user namespace (hostUsers: false) maps to an unprivileged user
 * of the node: from Kubernetes v1.35 the restricted level admits it (no runAsNonRoot or
 * runAsUser requirement), while CIS and NSA/CISA still ask for a non-root user.
 */
const USER_NAMESPACE_STANDARDS = Object.freeze([CIS_ROOT, STANDARD.nsaNonRoot]);
const USER_NAMESPACE_NOTE =
  ' (the pod has its own user namespace, hostUsers: false, so that root is not root on the node)';

/** The standards of a container running as root. */
function rootStandards(userNamespace: boolean, nonRootRequired: boolean) {
  if (userNamespace) return USER_NAMESPACE_STANDARDS;
  return nonRootRequired ? ROOT_STANDARDS : ROOT_STANDARDS_NON_ROOT_UNSET;
}

/**
 * Containers run as a non-root user. runAsUser / runAsNonRoot may be set on the pod and
 * overridden per container; the container's own value wins. Windows pods have no Linux
 * user ids to judge.
 */
export const runAsRootCheck: Check = {
  id: `${ITEM}/run-as-root`,
  itemId: ITEM,
  severity: 'high',
  reads: WORKLOAD_READS,
  run(ctx) {
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      if (security.windows) continue;
      const userValue = security.valueOf('runAsUser');
      const nonRootRequired = isTrue(security.valueOf('runAsNonRoot'));
      const root = userValue === 0 || String(userValue).trim() === '0';
      // (A non-zero user is not root: see non-root-not-required.)
      if (!root && (nonRootRequired || userValue !== undefined)) continue;
      const { ref, runAsUser: user, runAsNonRoot: nonRoot } = security;
      const who = describeContainer(ref);
      const userNamespace = hasOwnUserNamespace(ref.workload);
      const note = userNamespace ? USER_NAMESPACE_NOTE : '';

      if (root) {
        ctx.report({
          severity: 'high',
          message: `${who} runs as root (runAsUser: 0${
            user.fromPod ? ', set on the pod' : ''
          }): a breakout from it starts with root rights${note}`,
          resource: containerResource(ref),
          evidencePath: user.path,
          standards: standardsWithContext(
            rootStandards(userNamespace, nonRootRequired),
            ref,
          ),
        });
      } else {
        ctx.report({
          severity: 'medium',
          message:
            (nonRoot.value !== undefined
              ? `${who} has runAsNonRoot: false${
                  nonRoot.fromPod ? ' (from its pod)' : ''
                } and no runAsUser, so it runs as its image's user, often root`
              : `${who} may run as root: neither it nor its pod sets runAsNonRoot: true, so the image's user (often root) is used`) +
            note,
          resource: containerResource(ref),
          // The field that says false, else the container's.
          evidencePath: nonRoot.path,
          standards: standardsWithContext(
            userNamespace ? USER_NAMESPACE_STANDARDS : MAYBE_ROOT_STANDARDS,
            ref,
          ),
        });
      }
    }
    return hasPodSpecEvidence(ctx);
  },
};

/**
 * A container that runs as a non-zero user but does not set runAsNonRoot: true is not root
 * (the CIS and NSA/CISA controls are met), yet the restricted Pod Security Standard still
 * asks for runAsNonRoot as the guard against a later change, and a namespace enforcing it
 * refuses the pod. Its own check, so that it never reads as "runs as root".
 */
export const nonRootNotRequiredCheck: Check = {
  id: `${ITEM}/non-root-not-required`,
  itemId: ITEM,
  severity: 'low',
  reads: WORKLOAD_READS,
  run(ctx) {
    const views = teamContainerSecurity(ctx);
    for (let k = 0; k < views.length; k++) {
      const security = views[k];
      if (security.windows) continue;
      const userValue = security.valueOf('runAsUser');
      if (userValue === undefined) continue;
      if (userValue === 0 || String(userValue).trim() === '0') continue;
      if (isTrue(security.valueOf('runAsNonRoot'))) continue;
      const { ref, runAsUser: user, runAsNonRoot: nonRoot } = security;
      // The restricted level asks nothing of it from Kubernetes v1.35 (and it is not root).
      if (hasOwnUserNamespace(ref.workload)) continue;
      ctx.report({
        status: 'warn',
        message: `${describeContainer(ref)} runs as user ${
          user.value
        } but does not set runAsNonRoot: true, so nothing refuses a later change that makes it run as root, and a namespace enforcing the restricted standard refuses it`,
        resource: containerResource(ref),
        evidencePath: nonRoot.path,
        standards: [STANDARD.runAsNonRoot],
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
