import { listNames } from './helpers';
import { roleRuleCheck } from './rbac';
import { CHANGED, createsPods } from './rbac-matchers';

function describe(found: string[]): string {
  const created = found.filter(w => !w.endsWith(CHANGED));
  const changed = found
    .filter(w => w.endsWith(CHANGED))
    .map(w => w.slice(0, -CHANGED.length))
    .filter(w => !created.includes(w));
  const parts = [
    ...(created.length > 0 ? [`create ${listNames(created, 4)}`] : []),
    ...(changed.length > 0 ? [`update or patch ${listNames(changed, 4)}`] : []),
  ];
  return `can ${parts.join(
    ' and ',
  )}, and a new pod can run as any service account and mount any Secret of its namespace`;
}

/**
 * Roles that create pods or pod-creating workloads, or change those workloads or add
 * ephemeral containers (CIS 5.1.4): a new pod can run as any service account of its
 * namespace and mount any of its Secrets.
 */
export const podCreationCheck = roleRuleCheck({
  slug: 'pod-creation',
  severity: 'medium',
  match: createsPods,
  describe,
});
