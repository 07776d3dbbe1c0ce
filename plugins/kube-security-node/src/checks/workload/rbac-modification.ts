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
import { WRITE_VERBS } from './rbac-matchers';

const WEBHOOKS = [
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
];

/** Objects that decide who may do what, which pods are admitted, and who may talk to whom. */
const SECURITY_RESOURCES: Array<{ group: string; resources: string[] }> = [
  {
    group: 'rbac.authorization.k8s.io',
    resources: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'],
  },
  {
    group: 'admissionregistration.k8s.io',
    resources: [
      ...WEBHOOKS,
      'validatingadmissionpolicies',
      'validatingadmissionpolicybindings',
      'mutatingadmissionpolicies',
      'mutatingadmissionpolicybindings',
    ],
  },
  { group: 'networking.k8s.io', resources: ['networkpolicies'] },
  {
    group: 'crd.projectcalico.org',
    resources: ['networkpolicies', 'globalnetworkpolicies'],
  },
  {
    group: 'projectcalico.org',
    resources: ['networkpolicies', 'globalnetworkpolicies'],
  },
  {
    group: 'cilium.io',
    resources: ['ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies'],
  },
];

/** API groups whose every object is an admission policy (Gatekeeper, Kyverno, Kubewarden). */
const POLICY_GROUPS = [
  'templates.gatekeeper.sh',
  'constraints.gatekeeper.sh',
  'config.gatekeeper.sh',
  'mutations.gatekeeper.sh',
  'kyverno.io',
  'policies.kyverno.io',
  'policies.kubewarden.io',
];

/**
 * What security-relevant objects a rule may change. Rules whose resources are `*` in every
 * group are left to wildcard-permissions so one rule is not reported three times.
 */
function securityObjectsWritable(rule: any): string[] {
  const verbs = asArray<string>(rule?.verbs);
  if (!verbs.includes('*') && !WRITE_VERBS.some(v => verbs.includes(v)))
    return [];
  const groups = asArray<string>(rule?.apiGroups);
  const resources = asArray<string>(rule?.resources);
  const found: string[] = [];
  for (const { group, resources: names } of SECURITY_RESOURCES) {
    if (!groups.includes(group) && !groups.includes('*')) continue;
    for (const name of names) {
      if (resources.includes(name)) found.push(name);
      else if (resources.includes('*') && groups.includes(group))
        found.push(name);
    }
  }
  for (const group of POLICY_GROUPS) {
    if (groups.includes(group) && resources.length > 0) {
      found.push(
        resources.includes('*')
          ? `all ${group} objects`
          : `${group} ${resources.join(', ')}`,
      );
    }
  }
  return found;
}

/**
 * Roles that may write RBAC objects, admission webhooks and policies (CIS 5.1.12 for the
 * webhooks), or network policies: whoever holds them can widen their own rights or switch
 * off the guard rails.
 */
export const rbacModificationCheck: Check = {
  id: `${ITEM}/rbac-modification`,
  itemId: ITEM,
  severity: 'high',
  reads: RBAC_READS,
  run(ctx) {
    for (const entry of collectRoles(ctx)) {
      if (isBuiltinEntry(entry)) continue;
      let ruleIndex = -1;
      let objects: string[] = [];
      entry.rules.forEach((rule, i) => {
        const found = securityObjectsWritable(rule);
        if (found.length > 0) {
          if (ruleIndex < 0) ruleIndex = i;
          objects.push(...found);
        }
      });
      if (ruleIndex < 0) continue;
      objects = [...new Set(objects)];
      const webhooks = objects.some(o => WEBHOOKS.includes(o));
      reportOnRole(
        ctx,
        entry,
        entry.grants,
        `can change ${listNames(
          objects,
          4,
        )}, so whoever holds it can give itself more rights or switch off admission policies`,
        {
          base: 'high',
          ruleIndex,
          field: 'resources',
          standards: webhooks
            ? ['CIS 5.1.12', 'NSA/CISA: RBAC']
            : ['NSA/CISA: RBAC'],
        },
      );
    }
    return hasRoleEvidence(ctx);
  },
};
