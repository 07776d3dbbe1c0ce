import type { Check, CheckContext } from '../../engine/check';
import type { KubeObject } from '../../snapshot/types';
import { asArray, listNames } from './helpers';
import {
  bindings,
  describeSubject,
  grantRefOf,
  hasRbacEvidence,
  isClusterAdminEquivalent,
  isNarrowedByName,
  ITEM,
  judgedSubjects,
  RBAC_READS,
  roleRefOf,
} from './rbac';

/** Names that stand for everyone, as User or Group, with who they are. */
const EVERYONE: Record<string, string> = {
  'system:anonymous': 'every request without credentials',
  'system:unauthenticated': 'every request without credentials',
  'system:authenticated': 'every signed-in user and service account',
};

/**
 * ClusterRoles Kubernetes itself grants to everyone, and to whom: they tell who you are,
 * which APIs exist and the server version, nothing more.
 */
const SHIPPED_FOR_EVERYONE: Record<string, string[]> = {
  'system:basic-user': ['system:authenticated'],
  'system:discovery': ['system:authenticated'],
  'system:public-info-viewer': [
    'system:authenticated',
    'system:unauthenticated',
  ],
};

/** Built-in roles known to be powerful, and what they let everyone do. */
const POWERFUL_BUILTINS: Record<string, string> = {
  admin: 'change workloads and RBAC and read Secrets',
  edit: 'change workloads and read Secrets',
};

/**
 * What a role's rules let anyone do beyond rules narrowed to named objects and non-resource
 * URLs named one by one (health and version endpoints): `get, list pods, nodes`, the first
 * such rule and how many more; undefined when every rule is that narrow.
 */
function broadAccessOf(rules: any[]): string | undefined {
  const broad = rules.filter(rule => {
    if (asArray(rule?.verbs).length === 0) return false;
    const resources = asArray<string>(rule?.resources);
    if (resources.length > 0) return !isNarrowedByName(rule);
    return asArray<string>(rule?.nonResourceURLs).some(url =>
      url.includes('*'),
    );
  });
  if (broad.length === 0) return undefined;
  const [first] = broad;
  const targets = asArray<string>(first.resources).length
    ? asArray<string>(first.resources)
    : asArray<string>(first.nonResourceURLs);
  const others = broad.length - 1;
  const more =
    others > 0 ? ` (and ${others} more rule${others === 1 ? '' : 's'})` : '';
  return `${asArray<string>(first.verbs).join(', ')} ${targets.join(
    ', ',
  )}${more}`;
}

/**
 * A binding to everyone (NSA/CISA RBAC): a grant of the built-in admin or edit role fails;
 * a role the scan holds is a warning when its rules reach more than named objects (the
 * rule-level checks judge what it allows, one severity higher since everyone holds it); a
 * role the scan does not hold is a warning, since what it allows cannot be judged. The
 * read-only roles Kubernetes itself binds to everyone are not reported, whatever their
 * binding is called; a team's role named `system:…` is.
 */
function reportGrantToEveryone(
  ctx: CheckContext,
  binding: KubeObject,
  roleRef: { kind: string; name: string },
  rules?: any[],
) {
  const everyone = asArray(binding.subjects).filter(
    s =>
      (s?.kind === 'User' || s?.kind === 'Group') &&
      typeof s.name === 'string' &&
      EVERYONE[s.name] !== undefined &&
      !(
        roleRef.kind === 'ClusterRole' &&
        SHIPPED_FOR_EVERYONE[roleRef.name]?.includes(s.name)
      ),
  );
  if (everyone.length === 0) return;
  const who = [...new Set(everyone.map(s => EVERYONE[s.name]))].join('; ');
  const powerful =
    roleRef.kind === 'ClusterRole'
      ? POWERFUL_BUILTINS[roleRef.name]
      : undefined;
  const scope =
    binding.kind === 'ClusterRoleBinding'
      ? 'every namespace'
      : `namespace '${binding.metadata.namespace ?? 'default'}'`;
  const broad = !powerful && rules ? broadAccessOf(rules) : undefined;
  if (!powerful && rules && !broad) return;
  let what: string;
  if (powerful) what = `everyone can ${powerful} in ${scope}`;
  else if (broad) what = `everyone can ${broad} in ${scope}`;
  else {
    what =
      'the role is not in this scan, so what it allows everyone cannot be judged here';
  }
  ctx.report({
    status: powerful ? 'fail' : 'warn',
    severity: powerful ? 'high' : 'medium',
    message: `${binding.kind} '${binding.metadata.name}' grants ${
      roleRef.kind
    } '${roleRef.name}' to ${listNames(
      everyone.map(s => `${s.kind} '${s.name}'`),
    )} (${who}): ${what}. Grant it to named users, groups or service accounts instead`,
    resource: {
      kind: binding.kind,
      ...(binding.metadata.namespace
        ? { namespace: binding.metadata.namespace }
        : {}),
      name: binding.metadata.name,
    },
    evidencePath: 'subjects',
    standards: ['NSA/CISA: RBAC'],
    grant: grantRefOf(binding),
  });
}

/**
 * Bindings of cluster-admin, or of a role as strong (full read and write on every resource,
 * or every verb on the core group), to users, groups or service accounts (CIS 5.1.1). The
 * bindings Kubernetes and the provider ship name only platform users and groups and are
 * not judged. A binding to everyone (`system:anonymous`, `system:unauthenticated`,
 * `system:authenticated`) of a role the scan does not hold is reported on its own.
 */
export const clusterAdminBindingCheck: Check = {
  id: `${ITEM}/cluster-admin-binding`,
  itemId: ITEM,
  severity: 'critical',
  reads: RBAC_READS,
  run(ctx) {
    for (const binding of bindings(ctx)) {
      const roleRef = roleRefOf(binding);
      if (!roleRef) continue;
      const builtin =
        roleRef.kind === 'ClusterRole' && roleRef.name === 'cluster-admin';
      if (!builtin) {
        const role = ctx.index.find(
          roleRef.kind,
          roleRef.kind === 'Role'
            ? binding.metadata.namespace ?? 'default'
            : undefined,
          roleRef.name,
        );
        if (!role) {
          reportGrantToEveryone(ctx, binding, roleRef);
          continue;
        }
        if (!isClusterAdminEquivalent(asArray(role.rules))) {
          reportGrantToEveryone(ctx, binding, roleRef, asArray(role.rules));
          continue;
        }
      }
      // No component Kubernetes ships holds cluster-admin through a service account, so
      // those of kube-system are judged too (the classic Tiller or dashboard binding).
      const subjects = judgedSubjects(ctx, binding, true);
      if (subjects.length === 0) continue;
      const clusterWide = binding.kind === 'ClusterRoleBinding';
      const what = builtin
        ? 'cluster-admin'
        : `${roleRef.kind} '${roleRef.name}' (every action on every resource, as cluster-admin)`;
      const reach = clusterWide
        ? 'full control of every resource in every namespace'
        : `full control of every resource in namespace '${binding.metadata.namespace}'`;
      const labels = binding.metadata.labels;
      ctx.report({
        ...(clusterWide ? {} : { severity: 'high' as const }),
        message: `${binding.kind} '${
          binding.metadata.name
        }' grants ${what} to ${listNames(
          subjects.map(describeSubject).sort(),
        )}: ${reach}. Bind a role with only the rights needed, and keep cluster-admin to a few break-glass administrators`,
        resource: {
          kind: binding.kind,
          ...(binding.metadata.namespace
            ? { namespace: binding.metadata.namespace }
            : {}),
          name: binding.metadata.name,
        },
        evidencePath: 'roleRef.name',
        grant: grantRefOf(binding),
        ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
      });
    }
    return hasRbacEvidence(ctx);
  },
};
