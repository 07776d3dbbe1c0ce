import type { Check } from '../../engine/check';
import {
  collectRoles,
  hasRoleEvidence,
  isBuiltinEntry,
  ITEM,
  matchRules,
  RBAC_READS,
  reportOnRole,
  type RoleEntry,
} from './rbac';
import { readsSecrets } from './rbac-matchers';

/** Where a role alone in the scan would read Secrets. */
function aloneReach(entry: RoleEntry): string {
  if (entry.roleKind === 'Role') return `in namespace '${entry.namespace}'`;
  return 'wherever it is bound';
}

/**
 * Roles that read Secrets beyond named ones (CIS 5.1.2): namespaced grants and roles alone
 * in the scan. ClusterRoles granted cluster-wide are cluster-secrets-read's.
 */
export const secretsReadCheck: Check = {
  id: `${ITEM}/secrets-read`,
  itemId: ITEM,
  severity: 'high',
  reads: RBAC_READS,
  run(ctx) {
    for (const entry of collectRoles(ctx)) {
      if (isBuiltinEntry(entry)) continue;
      if (
        entry.roleKind === 'ClusterRole' &&
        entry.grants.some(g => g.clusterWide)
      )
        continue;
      const { index } = matchRules(entry.rules, readsSecrets);
      if (index < 0) continue;
      const where =
        entry.grants.length > 0
          ? 'in the namespaces it is bound in'
          : aloneReach(entry);
      reportOnRole(
        ctx,
        entry,
        entry.grants,
        `can read every Secret ${where} (name the Secrets it needs in resourceNames instead)`,
        { base: 'high', ruleIndex: index, field: 'resources' },
      );
    }
    return hasRoleEvidence(ctx);
  },
};
