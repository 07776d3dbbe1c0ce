import type { Check } from '../../engine/check';
import { asArray, listNames } from './helpers';
import {
  collectRoles,
  hasRoleEvidence,
  isBuiltinEntry,
  ITEM,
  RBAC_READS,
  reportOnRole,
} from './rbac';
import { controlsBrokenBy } from './rbac-matchers';

/** The rule field whose `*` the finding points at. */
function wildcardField(
  onVerbs: boolean,
  onResources: boolean,
): 'verbs' | 'resources' | 'apiGroups' {
  if (onVerbs) return 'verbs';
  return onResources ? 'resources' : 'apiGroups';
}

/**
 * Roles with `*` in verbs or resources (CIS 5.1.3), bound or alone. A finding also carries
 * the controls the wildcard rule breaks (a `*`/`*`/`*` rule reads Secrets, creates pods,
 * escalates…): the other role checks leave such rules to this one.
 */
export const wildcardPermissionsCheck: Check = {
  id: `${ITEM}/wildcard-permissions`,
  itemId: ITEM,
  severity: 'high',
  reads: RBAC_READS,
  run(ctx) {
    for (const entry of collectRoles(ctx)) {
      if (isBuiltinEntry(entry)) continue;
      const ruleIndex = entry.rules.findIndex(
        rule =>
          asArray(rule?.verbs).includes('*') ||
          asArray(rule?.resources).includes('*') ||
          asArray(rule?.apiGroups).includes('*'),
      );
      if (ruleIndex < 0) continue;
      const rule = entry.rules[ruleIndex];
      const onVerbs = asArray(rule.verbs).includes('*');
      const onResources = asArray(rule.resources).includes('*');
      const onGroups = asArray(rule.apiGroups).includes('*');
      let what = `allows ${listNames(asArray(rule.verbs))} on every resource${
        asArray(rule.apiGroups).includes('*') ? '' : ' of its API groups'
      }`;
      if (onVerbs && onResources)
        what = 'allows every action on every resource';
      else if (onVerbs) {
        what = `allows every action on ${listNames(asArray(rule.resources))}`;
      } else if (!onResources && onGroups) {
        what = `allows ${listNames(asArray(rule.verbs))} on ${listNames(
          asArray(rule.resources),
        )} in every API group`;
      }
      reportOnRole(
        ctx,
        entry,
        entry.grants,
        `${what} (a '*' that also covers resources added later)`,
        {
          base: 'high',
          ruleIndex,
          field: wildcardField(onVerbs, onResources),
          standards: ['CIS 5.1.3', ...controlsBrokenBy(rule), 'NSA/CISA: RBAC'],
        },
      );
    }
    return hasRoleEvidence(ctx);
  },
};
