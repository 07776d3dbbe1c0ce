import { listNames } from './helpers';
import { roleRuleCheck } from './rbac';
import { createsPods } from './rbac-matchers';

/**
 * Roles that create pods or pod-creating workloads (CIS 5.1.4): a new pod can run as any
 * service account of its namespace and mount any of its Secrets.
 */
export const podCreationCheck = roleRuleCheck({
  slug: 'pod-creation',
  severity: 'medium',
  match: createsPods,
  describe: found =>
    `can create ${listNames(
      found,
      4,
    )}, and a new pod can run as any service account and mount any Secret of its namespace`,
});
