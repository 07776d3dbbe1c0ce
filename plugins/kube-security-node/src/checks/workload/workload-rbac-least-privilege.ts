import { compareStrings } from '../../engine/compareStrings';
import type {
  Exposure,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import type { Check, CheckContext, RawFinding } from '../../engine/check';
import type { Workload } from '../../engine/SnapshotIndex';
import type { KubeObject } from '../../snapshot/types';
import {
  asArray,
  hasWorkloadEvidence,
  isSystemNamespace,
  listNames,
  pushTo,
  teamWorkloads,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';

const ITEM = 'workload-rbac-least-privilege' as const;

const RBAC_READS = ['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding'];

/** Built-in user-facing roles: judged by builtin-admin-binding, not rule by rule. */
const BUILTIN_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);
const ADMIN_ROLES = ['cluster-admin', 'admin', 'edit'];

/**
 * Rules of the built-in roles, for snapshots (manifests) that bind them without holding
 * them: cluster-admin can do everything, admin and edit can read Secrets of their scope.
 */
const BUILTIN_RULES: Record<string, any[]> = {
  'cluster-admin': [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
  admin: [
    {
      apiGroups: [''],
      resources: ['secrets'],
      verbs: ['get', 'list', 'watch'],
    },
  ],
  edit: [
    {
      apiGroups: [''],
      resources: ['secrets'],
      verbs: ['get', 'list', 'watch'],
    },
  ],
};

/** Prefixes of names the control plane or the cloud provider manages. */
const PLATFORM_PREFIX = /^(system|eks|gce|gke|aks):/;

/** Groups that look like platform names but mean "everyone" and must still be judged. */
function isBroadGroup(name: string): boolean {
  return (
    name === 'system:authenticated' ||
    name === 'system:unauthenticated' ||
    name === 'system:serviceaccounts' ||
    name.startsWith('system:serviceaccounts:')
  );
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

interface Grant {
  binding: KubeObject;
  /** A ClusterRoleBinding: the rights apply in every namespace. */
  clusterWide: boolean;
  subjects: Subject[];
}

interface RoleGrants {
  roleKind: string;
  roleName: string;
  /** Namespace of a Role (ClusterRoles have none). */
  namespace?: string;
  role?: KubeObject;
  rules: any[];
  /** Whether the rules are the built-in defaults because the role was not in the snapshot. */
  assumedRules: boolean;
  grants: Grant[];
}

function describeSubject(subject: Subject): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount '${subject.namespace}/${subject.name}'`
    : `${subject.kind} '${subject.name}'`;
}

/** Subjects that teams control: not the control plane's, not the platform namespaces' SAs. */
function judgedSubjects(ctx: CheckContext, binding: KubeObject): Subject[] {
  const bindingNamespace = binding.metadata.namespace;
  const subjects: Subject[] = [];
  for (const raw of asArray(binding.subjects)) {
    if (!raw || typeof raw.name !== 'string' || typeof raw.kind !== 'string')
      continue;
    if (raw.kind === 'ServiceAccount') {
      const namespace = raw.namespace ?? bindingNamespace ?? 'default';
      if (isSystemNamespace(ctx, namespace)) continue;
      subjects.push({ kind: raw.kind, name: raw.name, namespace });
    } else if (!PLATFORM_PREFIX.test(raw.name) || isBroadGroup(raw.name)) {
      subjects.push({ kind: raw.kind, name: raw.name });
    }
  }
  return subjects;
}

function bindings(ctx: CheckContext): KubeObject[] {
  return [
    ...ctx.index.ofKind('ClusterRoleBinding'),
    ...ctx.index.ofKind('RoleBinding'),
  ];
}

function hasRbacEvidence(ctx: CheckContext): boolean {
  return ctx.index.snapshot.scope === 'cluster' || bindings(ctx).length > 0;
}

/**
 * Groups every binding to a team-controlled subject by the role it grants, so a role bound
 * to many subjects yields one finding. Bindings to platform roles are skipped.
 */
function collectRoleGrants(ctx: CheckContext): RoleGrants[] {
  const byRole = new Map<string, RoleGrants>();
  for (const binding of bindings(ctx)) {
    const roleRef = binding.roleRef as
      | { kind?: string; name?: string }
      | undefined;
    if (!roleRef?.kind || !roleRef.name || PLATFORM_PREFIX.test(roleRef.name))
      continue;
    const subjects = judgedSubjects(ctx, binding);
    if (subjects.length === 0) continue;
    const clusterWide = binding.kind === 'ClusterRoleBinding';
    const namespace =
      roleRef.kind === 'Role'
        ? binding.metadata.namespace ?? 'default'
        : undefined;
    const key = `${roleRef.kind}/${namespace ?? ''}/${roleRef.name}`;
    let entry = byRole.get(key);
    if (!entry) {
      const role = ctx.index.find(roleRef.kind, namespace, roleRef.name);
      const builtin =
        roleRef.kind === 'ClusterRole'
          ? BUILTIN_RULES[roleRef.name]
          : undefined;
      const rules = role ? asArray(role.rules) : builtin ?? [];
      entry = {
        roleKind: roleRef.kind,
        roleName: roleRef.name,
        namespace,
        role,
        rules,
        assumedRules: !role && builtin !== undefined,
        grants: [],
      };
      byRole.set(key, entry);
    }
    entry.grants.push({ binding, clusterWide, subjects });
  }
  return [...byRole.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([, grants]) => grants);
}

function includesOrStar(list: unknown, value: string): boolean {
  const values = asArray<string>(list);
  return values.includes(value) || values.includes('*');
}

function workloadsOf(ctx: CheckContext, grants: Grant[]): Workload[] {
  const seen = new Set<Workload>();
  for (const grant of grants) {
    for (const subject of grant.subjects) {
      if (subject.kind !== 'ServiceAccount' || !subject.namespace) continue;
      for (const w of ctx.index.workloadsByServiceAccount(
        subject.namespace,
        subject.name,
      )) {
        seen.add(w);
      }
    }
  }
  return [...seen];
}

/**
 * A finding on a role: named after it, listing who holds it and through which bindings, with
 * the labels and exposure of the workloads that run with it (so the owning team sees it).
 */
function reportOnRole(
  ctx: CheckContext,
  entry: RoleGrants,
  grants: Grant[],
  what: string,
  ruleIndex: number | undefined,
  field: 'verbs' | 'resources',
  severity?: Severity,
) {
  const subjects = [
    ...new Set(grants.flatMap(g => g.subjects.map(describeSubject))),
  ].sort();
  const bindingNames = [
    ...new Set(
      grants.map(g => `${g.binding.kind} '${g.binding.metadata.name}'`),
    ),
  ].sort();
  const workloads = workloadsOf(ctx, grants).sort((a, b) =>
    `${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1,
  );
  const exposure: Exposure = {
    internet: workloads.some(w => w.exposure.internet),
    dataStore: workloads.some(w => w.exposure.dataStore),
  };
  const roleLabels = entry.role?.metadata.labels;
  const labels =
    roleLabels && Object.keys(roleLabels).length > 0
      ? roleLabels
      : workloads[0]?.labels;
  const runBy =
    workloads.length > 0
      ? `; workloads running with it: ${listNames(
          workloads.map(w => `${w.kind} '${w.namespace}/${w.name}'`),
        )}`
      : '';
  const finding: RawFinding = {
    message: `${entry.roleKind} '${
      entry.roleName
    }' ${what}. Granted to ${listNames(subjects)} by ${listNames(
      bindingNames,
    )}${runBy}`,
    resource: {
      kind: entry.roleKind,
      ...(entry.namespace ? { namespace: entry.namespace } : {}),
      name: entry.roleName,
    },
    exposure,
  };
  if (severity) finding.severity = severity;
  if (labels) finding.labels = labels;
  if (ruleIndex !== undefined && !entry.assumedRules) {
    finding.evidencePath = `rules[${ruleIndex}].${field}`;
  }
  ctx.report(finding);
}

const READ_VERBS = ['get', 'list', 'watch'];

const clusterSecretsRead: Check = {
  id: `${ITEM}/cluster-secrets-read`,
  itemId: ITEM,
  severity: 'critical',
  reads: RBAC_READS,
  run(ctx) {
    for (const entry of collectRoleGrants(ctx)) {
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
        ruleIndex,
        'resources',
      );
    }
    return hasRbacEvidence(ctx);
  },
};

const wildcardPermissions: Check = {
  id: `${ITEM}/wildcard-permissions`,
  itemId: ITEM,
  severity: 'high',
  reads: RBAC_READS,
  run(ctx) {
    for (const entry of collectRoleGrants(ctx)) {
      if (entry.roleKind === 'ClusterRole' && BUILTIN_ROLES.has(entry.roleName))
        continue;
      const ruleIndex = entry.rules.findIndex(
        rule =>
          asArray(rule?.verbs).includes('*') ||
          asArray(rule?.resources).includes('*'),
      );
      if (ruleIndex < 0) continue;
      const rule = entry.rules[ruleIndex];
      const onVerbs = asArray(rule.verbs).includes('*');
      const onResources = asArray(rule.resources).includes('*');
      let what = `allows ${listNames(asArray(rule.verbs))} on every resource${
        asArray(rule.apiGroups).includes('*') ? '' : ' of its API groups'
      }`;
      if (onVerbs && onResources) what = 'allows every action on every resource';
      else if (onVerbs) {
        what = `allows every action on ${listNames(asArray(rule.resources))}`;
      }
      reportOnRole(
        ctx,
        entry,
        entry.grants,
        `${what} (a '*' that also covers resources added later)`,
        ruleIndex,
        onVerbs ? 'verbs' : 'resources',
      );
    }
    return hasRbacEvidence(ctx);
  },
};

const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** Objects that decide who may do what, and which pods are admitted. */
const SECURITY_RESOURCES: Array<{ group: string; resources: string[] }> = [
  {
    group: 'rbac.authorization.k8s.io',
    resources: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'],
  },
  {
    group: 'admissionregistration.k8s.io',
    resources: [
      'validatingwebhookconfigurations',
      'mutatingwebhookconfigurations',
      'validatingadmissionpolicies',
      'validatingadmissionpolicybindings',
      'mutatingadmissionpolicies',
      'mutatingadmissionpolicybindings',
    ],
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

const rbacModification: Check = {
  id: `${ITEM}/rbac-modification`,
  itemId: ITEM,
  severity: 'high',
  reads: RBAC_READS,
  run(ctx) {
    for (const entry of collectRoleGrants(ctx)) {
      if (entry.roleKind === 'ClusterRole' && BUILTIN_ROLES.has(entry.roleName))
        continue;
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
      reportOnRole(
        ctx,
        entry,
        entry.grants,
        `can change ${listNames(
          objects,
          4,
        )}, so whoever holds it can give itself more rights or switch off admission policies`,
        ruleIndex,
        'resources',
      );
    }
    return hasRbacEvidence(ctx);
  },
};

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
    resources: ['roles', 'clusterroles'],
    why: 'bind (grant roles it does not hold)',
  },
  {
    verb: 'impersonate',
    resources: ['users', 'groups', 'serviceaccounts', 'uids', 'userextras'],
    why: 'impersonate (act as another user or service account)',
  },
];

const escalateBindImpersonate: Check = {
  id: `${ITEM}/escalate-bind-impersonate`,
  itemId: ITEM,
  severity: 'high',
  reads: RBAC_READS,
  run(ctx) {
    for (const entry of collectRoleGrants(ctx)) {
      if (entry.roleKind === 'ClusterRole' && BUILTIN_ROLES.has(entry.roleName))
        continue;
      let ruleIndex = -1;
      const whys = new Set<string>();
      entry.rules.forEach((rule, i) => {
        const verbs = asArray<string>(rule?.verbs);
        const resources = asArray<string>(rule?.resources);
        for (const { verb, resources: names, why } of ESCALATION_VERBS) {
          if (!verbs.includes(verb)) continue;
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
        ruleIndex,
        'verbs',
      );
    }
    return hasRbacEvidence(ctx);
  },
};

const builtinAdminBinding: Check = {
  id: `${ITEM}/builtin-admin-binding`,
  itemId: ITEM,
  severity: 'high',
  reads: [...RBAC_READS, ...WORKLOAD_READS],
  run(ctx) {
    type Hit = { binding: KubeObject; role: string; clusterWide: boolean };
    const bySa = new Map<string, Hit[]>();
    const byNamespaceGroup = new Map<string, Hit[]>();
    const everySa: Hit[] = [];
    for (const binding of bindings(ctx)) {
      const roleRef = binding.roleRef as
        | { kind?: string; name?: string }
        | undefined;
      if (
        roleRef?.kind !== 'ClusterRole' ||
        !ADMIN_ROLES.includes(roleRef.name ?? '')
      ) {
        continue;
      }
      const hit: Hit = {
        binding,
        role: roleRef.name!,
        clusterWide: binding.kind === 'ClusterRoleBinding',
      };
      for (const subject of asArray(binding.subjects)) {
        if (
          subject?.kind === 'ServiceAccount' &&
          typeof subject.name === 'string'
        ) {
          const namespace =
            subject.namespace ?? binding.metadata.namespace ?? 'default';
          const key = `${namespace}/${subject.name}`;
          pushTo(bySa, key, hit);
        } else if (
          subject?.kind === 'Group' &&
          subject.name === 'system:serviceaccounts'
        ) {
          everySa.push(hit);
        } else if (
          subject?.kind === 'Group' &&
          typeof subject.name === 'string' &&
          subject.name.startsWith('system:serviceaccounts:')
        ) {
          const namespace = subject.name.slice(
            'system:serviceaccounts:'.length,
          );
          pushTo(byNamespaceGroup, namespace, hit);
        }
      }
    }
    for (const workload of teamWorkloads(ctx)) {
      const sa = workload.serviceAccountName;
      const hits = [
        ...(bySa.get(`${workload.namespace}/${sa}`) ?? []),
        ...(byNamespaceGroup.get(workload.namespace) ?? []),
        ...everySa,
      ].filter(
        // A RoleBinding only grants inside its own namespace.
        hit =>
          hit.clusterWide ||
          hit.binding.metadata.namespace === workload.namespace,
      );
      if (hits.length === 0) continue;
      const roles = [...new Set(hits.map(h => h.role))].sort(
        (a, b) => ADMIN_ROLES.indexOf(a) - ADMIN_ROLES.indexOf(b),
      );
      const clusterAdmin = hits.some(
        h => h.role === 'cluster-admin' && h.clusterWide,
      );
      const anyClusterWide = hits.some(h => h.clusterWide);
      const via = [
        ...new Set(
          hits.map(h => `${h.binding.kind} '${h.binding.metadata.name}'`),
        ),
      ].sort();
      const impact = clusterAdmin
        ? 'whoever takes over the pod controls the whole cluster'
        : `whoever takes over the pod can change workloads and read Secrets ${
            anyClusterWide
              ? 'in every namespace'
              : `in namespace '${workload.namespace}'`
          }`;
      ctx.report({
        severity: clusterAdmin ? 'critical' : 'high',
        message: `Runs as service account '${sa}', which ${listNames(via)} ${
          via.length > 1 ? 'bind' : 'binds'
        } to the built-in ${listNames(
          roles.map(r => `'${r}'`),
        )} role: ${impact}. Give it a Role with only what it needs`,
        resource: workloadResource(workload),
        evidencePath: `${workload.podSpecPath}.serviceAccountName`,
      });
    }
    return hasWorkloadEvidence(ctx) && hasRbacEvidence(ctx);
  },
};

const defaultServiceAccountToken: Check = {
  id: `${ITEM}/default-service-account-token`,
  itemId: ITEM,
  severity: 'medium',
  reads: [...WORKLOAD_READS, 'ServiceAccount'],
  run(ctx) {
    for (const workload of teamWorkloads(ctx)) {
      if (workload.serviceAccountName !== 'default') continue;
      const podSetting = workload.podSpec.automountServiceAccountToken;
      if (podSetting === false) continue;
      const account = ctx.index.find(
        'ServiceAccount',
        workload.namespace,
        'default',
      );
      if (
        podSetting === undefined &&
        account?.automountServiceAccountToken === false
      ) {
        continue;
      }
      ctx.report({
        message: `Runs as the namespace's 'default' service account with its API token mounted${
          podSetting === true ? ' (automountServiceAccountToken: true)' : ''
        }: anyone who takes over the pod gets that token and whatever was granted to 'default'. Use a dedicated service account, or set automountServiceAccountToken: false`,
        resource: workloadResource(workload),
        evidencePath: `${workload.podSpecPath}.automountServiceAccountToken`,
      });
    }
    return hasWorkloadEvidence(ctx);
  },
};

export const workloadRbacLeastPrivilegeChecks: Check[] = [
  clusterSecretsRead,
  wildcardPermissions,
  builtinAdminBinding,
  rbacModification,
  escalateBindImpersonate,
  defaultServiceAccountToken,
];
