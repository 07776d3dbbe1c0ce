import type { Check } from '../../engine/check';
import { asArray } from './helpers';
import {
  boundRoles,
  hasRbacEvidence,
  ITEM,
  RBAC_READS,
  reportOnRole,
} from './rbac';
import { READ_VERBS } from './rbac-matchers';

function includesOrStar(list: unknown, value: string): boolean {
  const values = asArray<string>(list);
  return values.includes(value) || values.includes('*');
}

/** ClusterRoles that read every Secret, granted cluster-wide (CIS 5.1.2). */
export const clusterSecretsReadCheck: Check = {
  id: `${ITEM}/cluster-secrets-read`,
  itemId: ITEM,
  severity: 'critical',
  reads: RBAC_READS,
  run(ctx) {
    for (const entry of boundRoles(ctx)) {
      if (entry.roleKind !== 'ClusterRole') continue;
      const clusterWide = entry.grants.filter(g => g.clusterWide);
      if (clusterWide.length === 0) continue;
      const ruleIndex = entry.rules.findIndex(
        rule =>
          (includesOrStar(rule?.apiGroups, '') ||
            asArray(rule?.apiGroups).length === 0) &&
          includesOrStar(rule?.resources, 'secrets') &&
          READ_VERBS.some(verb => includesOrStar(rule?.verbs, verb)) &&
          asArray(rule?.resourceNames).length === 0,
      );
      if (ruleIndex < 0) continue;
      reportOnRole(
        ctx,
        entry,
        clusterWide,
        'can read every Secret in every namespace',
        { base: 'critical', ruleIndex, field: 'resources' },
      );
    }
    return hasRbacEvidence(ctx);
  },
};
