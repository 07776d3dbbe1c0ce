import type { Check } from '../../engine/check';
import { asArray, listNames } from './helpers';
import {
  collectRoles,
  coversGroup,
  hasRoleEvidence,
  isBuiltinEntry,
  ITEM,
  RBAC_READS,
  reportOnRole,
} from './rbac';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

const ESCALATION_VERBS: Array<{
  verb: string;
  resources: string[];
  why: string;
}> = [
  {
    verb: 'escalate',
    resources: ['roles', 'clusterroles'],
    why: 'escalate (write roles with rights it does not have)',
  },
  {
    verb: 'bind',
    resources: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'],
    why: 'bind (grant roles it does not hold)',
  },
  {
    verb: 'impersonate',
    resources: ['users', 'groups', 'serviceaccounts', 'uids', 'userextras'],
    why: 'impersonate (act as another user or service account)',
  },
];

/**
 * Identities live in the core group (users, groups, service accounts) and in
 * authentication.k8s.io (uids, userextras/<key>): impersonate in any other group grants
 * nothing.
 */
function impersonatesIdentity(rule: any): boolean {
  const resources = asArray<string>(rule?.resources);
  const has = (names: string[]) =>
    resources.includes('*') ||
    names.some(n => resources.includes(n)) ||
    resources.some(
      r => r.startsWith('userextras/') && names.includes('userextras'),
    );
  return (
    (coversGroup(rule, '') && has(['users', 'groups', 'serviceaccounts'])) ||
    (coversGroup(rule, 'authentication.k8s.io') && has(['uids', 'userextras']))
  );
}

/**
 * The escalate, bind and impersonate verbs, named explicitly (CIS 5.1.8); a `*` verb is
 * reported by wildcard-permissions with this control among its standards.
 */
export const escalateBindImpersonateCheck: Check = {
  id: `${ITEM}/escalate-bind-impersonate`,
  itemId: ITEM,
  severity: 'high',
  reads: RBAC_READS,
  run(ctx) {
    for (const entry of collectRoles(ctx)) {
      if (isBuiltinEntry(entry)) continue;
      let ruleIndex = -1;
      const whys = new Set<string>();
      entry.rules.forEach((rule, i) => {
        const verbs = asArray<string>(rule?.verbs);
        const resources = asArray<string>(rule?.resources);
        for (const { verb, resources: names, why } of ESCALATION_VERBS) {
          if (!verbs.includes(verb)) continue;
          if (verb === 'impersonate') {
            if (!impersonatesIdentity(rule)) continue;
            whys.add(why);
            if (ruleIndex < 0) ruleIndex = i;
            continue;
          }
          // escalate and bind are checked on the RBAC group's roles only.
          if (!coversGroup(rule, RBAC_GROUP)) continue;
          if (
            !resources.includes('*') &&
            !names.some(n => resources.includes(n))
          )
            continue;
          whys.add(why);
          if (ruleIndex < 0) ruleIndex = i;
        }
      });
      if (ruleIndex < 0) continue;
      reportOnRole(
        ctx,
        entry,
        entry.grants,
        `allows ${listNames([...whys])}, a direct way around RBAC`,
        { base: 'high', ruleIndex, field: 'verbs' },
      );
    }
    return hasRoleEvidence(ctx);
  },
};
