import { listNames } from './helpers';
import { roleRuleCheck } from './rbac';
import { execsIntoPods } from './rbac-matchers';

/** Roles that open a shell in, attach to or port-forward into running pods. */
export const podExecAttachCheck = roleRuleCheck({
  slug: 'pod-exec-attach',
  severity: 'medium',
  match: execsIntoPods,
  describe: found =>
    `allows ${listNames(
      found,
    )}, which reaches into running containers, their tokens and their data`,
});
