/*
 * Shared model of the workload-rbac-least-privilege checks: roles with the bindings that
 * grant them (or alone, when a pull request brings a role without its binding), the
 * subjects teams control, and the rule matchers of the standard controls.
 */
import type {
  Exposure,
  GrantRef,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import { compareStrings } from '../../util/compareStrings';
import type { Check, CheckContext, RawFinding } from '../../engine/check';
import type { SnapshotIndex, Workload } from '../../engine/SnapshotIndex';
import type { KubeObject } from '../../snapshot/types';
import {
  asArray,
  isSystemNamespace,
  listNames,
  listSome,
  pushTo,
} from './helpers';

export const ITEM = 'workload-rbac-least-privilege' as const;

export const RBAC_READS = [
  'ClusterRole',
  'Role',
  'ClusterRoleBinding',
  'RoleBinding',
];

/** Built-in user-facing roles: judged by builtin-admin-binding, not rule by rule. */
export const BUILTIN_ROLES = new Set([
  'cluster-admin',
  'admin',
  'edit',
  'view',
]);

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

/** Prefixes of subject names the control plane or the cloud provider manages. */
const PLATFORM_PREFIX = /^(system|eks|gce|gke|aks):/;

/**
 * Roles that Kubernetes or the managed provider ship. On a live cluster they are not
 * findings by themselves (every cluster has them); who they are bound to still is.
 * Kubernetes: the four user-facing roles and every `system:` role. EKS: `eks:` roles.
 * GKE: `gce:` and `gke:` roles and the `gke-` add-on roles. AKS: `aks-` roles (aks-service)
 * and Microsoft add-on roles (`microsoft-defender-…`).
 */
const SHIPPED_ROLE_PREFIX =
  /^(system:|eks:|gce:|gke:|gke-|aks:|aks-|microsoft-)/;

export function isShippedRole(name: string): boolean {
  return BUILTIN_ROLES.has(name) || SHIPPED_ROLE_PREFIX.test(name);
}

/** Subjects that mean "everyone" (or every workload): a grant to them reaches the most. */
export function isBroadSubject(kind: string, name: string): boolean {
  if (kind === 'User') return name === 'system:anonymous';
  return (
    kind === 'Group' &&
    (name === 'system:authenticated' ||
      name === 'system:unauthenticated' ||
      name === 'system:serviceaccounts')
  );
}

/** Groups that look like platform names but must still be judged. */
function isJudgedPlatformName(kind: string, name: string): boolean {
  return (
    isBroadSubject(kind, name) ||
    (kind === 'Group' && name.startsWith('system:serviceaccounts:'))
  );
}

/** `automountServiceAccountToken: false` (a quoted 'false' read the same way). */
export function isOff(value: unknown): boolean {
  return value === false || value === 'false';
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface Grant {
  binding: KubeObject;
  /** A ClusterRoleBinding: the rights apply in every namespace. */
  clusterWide: boolean;
  subjects: Subject[];
}

export interface RoleEntry {
  roleKind: string;
  roleName: string;
  /** Namespace of a Role (ClusterRoles have none). */
  namespace?: string;
  role?: KubeObject;
  /** The role's own rules, then those it aggregates from ClusterRoles in the scan. */
  rules: any[];
  /** How many of `rules` are the role's own (evidence paths point only at those). */
  ownRules: number;
  /** Whether the rules are the built-in defaults because the role was not in the snapshot. */
  assumedRules: boolean;
  /** Bindings in the scan that grant it to subjects teams control. */
  grants: Grant[];
  /** Built-in roles it is aggregated into (`aggregate-to-admin` labels and the like). */
  aggregatedInto: string[];
  /**
   * In a manifest scan, a role bound only to service accounts of platform namespaces is
   * judged as if alone (the chart under review is what installs it): who holds it.
   */
  platformHolders?: string[];
}

export function describeSubject(subject: Subject): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount '${subject.namespace}/${subject.name}'`
    : `${subject.kind} '${subject.name}'`;
}

/** The namespace a ServiceAccount subject lives in. */
export function subjectNamespace(binding: KubeObject, raw: any): string {
  return raw.namespace ?? binding.metadata.namespace ?? 'default';
}

/** A service account named as a user: `system:serviceaccount:<namespace>:<name>`. */
const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;

/** Subjects that teams control: not the control plane's, not the platform namespaces' SAs. */
export function judgedSubjects(
  ctx: CheckContext,
  binding: KubeObject,
  /** Also judge service accounts of the platform namespaces (for cluster-admin itself). */
  platformServiceAccounts = false,
): Subject[] {
  const subjects: Subject[] = [];
  for (const raw of asArray(binding.subjects)) {
    if (!raw || typeof raw.name !== 'string' || typeof raw.kind !== 'string')
      continue;
    const asUser = SERVICE_ACCOUNT_USER.exec(raw.name);
    if (raw.kind === 'ServiceAccount' || (raw.kind === 'User' && asUser)) {
      const namespace = asUser ? asUser[1] : subjectNamespace(binding, raw);
      if (!platformServiceAccounts && isSystemNamespace(ctx, namespace))
        continue;
      const name = asUser ? asUser[2] : raw.name;
      subjects.push({ kind: 'ServiceAccount', name, namespace });
    } else if (
      !PLATFORM_PREFIX.test(raw.name) ||
      isJudgedPlatformName(raw.kind, raw.name)
    ) {
      subjects.push({ kind: raw.kind, name: raw.name });
    }
  }
  return subjects;
}

/**
 * `ServiceAccount 'ns/name'` of each subject when every subject of the binding is a service
 * account of a platform namespace; undefined otherwise.
 */
function platformServiceAccountsOnly(
  ctx: CheckContext,
  binding: KubeObject,
): string[] | undefined {
  const accounts: string[] = [];
  for (const raw of asArray(binding.subjects)) {
    if (raw?.kind !== 'ServiceAccount' || typeof raw.name !== 'string')
      return undefined;
    const namespace = subjectNamespace(binding, raw);
    if (!isSystemNamespace(ctx, namespace)) return undefined;
    accounts.push(`ServiceAccount '${namespace}/${raw.name}'`);
  }
  return accounts.length > 0 ? accounts : undefined;
}

/** The structured reference to a binding that findings carry (see `Finding.grant`). */
export function grantRefOf(binding: KubeObject): GrantRef {
  return binding.kind === 'ClusterRoleBinding'
    ? { kind: 'ClusterRoleBinding', name: binding.metadata.name }
    : {
        kind: 'RoleBinding',
        name: binding.metadata.name,
        namespace: binding.metadata.namespace ?? 'default',
      };
}

/**
 * The binding a finding names when several grant what it reports: ClusterRoleBindings
 * (which reach every namespace) before RoleBindings, then by namespace and name, so the
 * same bindings always give the same answer.
 */
export function primaryGrant(
  granting: readonly KubeObject[],
): GrantRef | undefined {
  let best: GrantRef | undefined;
  for (const binding of granting) {
    const ref = grantRefOf(binding);
    if (!best || compareGrants(ref, best) < 0) best = ref;
  }
  return best;
}

function compareGrants(a: GrantRef, b: GrantRef): number {
  if (a.kind !== b.kind) return a.kind === 'ClusterRoleBinding' ? -1 : 1;
  return (
    compareStrings(a.namespace ?? '', b.namespace ?? '') ||
    compareStrings(a.name, b.name)
  );
}

export function bindings(ctx: CheckContext): KubeObject[] {
  return [
    ...ctx.index.ofKind('ClusterRoleBinding'),
    ...ctx.index.ofKind('RoleBinding'),
  ];
}

export function roleRefOf(
  binding: KubeObject,
): { kind: string; name: string } | undefined {
  const ref = binding.roleRef as { kind?: unknown; name?: unknown } | undefined;
  if (typeof ref?.kind !== 'string' || typeof ref.name !== 'string')
    return undefined;
  return { kind: ref.kind, name: ref.name };
}

/** Whether checks that judge bindings can conclude: a whole cluster or bindings to judge. */
export function hasRbacEvidence(ctx: CheckContext): boolean {
  return ctx.index.snapshot.scope === 'cluster' || bindings(ctx).length > 0;
}

/** Whether checks that judge roles (bound or alone) can conclude. */
export function hasRoleEvidence(ctx: CheckContext): boolean {
  return (
    hasRbacEvidence(ctx) ||
    ctx.index.ofKind('ClusterRole').length > 0 ||
    ctx.index.ofKind('Role').length > 0
  );
}

function roleKey(kind: string, namespace: string | undefined, name: string) {
  return `${kind}/${namespace ?? ''}/${name}`;
}

const AGGREGATE_LABEL = /^rbac\.authorization\.k8s\.io\/aggregate-to-(.+)$/;

/** Built-in roles (`admin`, `edit`, `view`) a ClusterRole's labels aggregate it into. */
function aggregatedInto(role: KubeObject | undefined): string[] {
  if (role?.kind !== 'ClusterRole') return [];
  const into: string[] = [];
  for (const [label, value] of Object.entries(role.metadata.labels ?? {})) {
    const match = AGGREGATE_LABEL.exec(label);
    if (match && String(value) === 'true' && BUILTIN_ROLES.has(match[1])) {
      into.push(match[1]);
    }
  }
  return into.sort();
}

function selects(selector: any, labels: Record<string, string>): boolean {
  const matchLabels = selector?.matchLabels;
  if (!matchLabels || typeof matchLabels !== 'object') return false;
  const entries = Object.entries(matchLabels);
  return (
    entries.length > 0 &&
    entries.every(
      ([k, v]) => labels[k] !== undefined && labels[k] === String(v),
    )
  );
}

/**
 * Rules of a ClusterRole with an aggregationRule that the scan can resolve: those of the
 * ClusterRoles its selectors match. A live cluster has filled them in already; a manifest
 * usually has not.
 */
function aggregatedRules(ctx: CheckContext, role: KubeObject): any[] {
  const selectors = asArray(
    (role.aggregationRule as { clusterRoleSelectors?: unknown } | undefined)
      ?.clusterRoleSelectors,
  );
  if (selectors.length === 0) return [];
  const rules: any[] = [];
  for (const other of ctx.index.ofKind('ClusterRole')) {
    if (other === role) continue;
    const labels = other.metadata.labels ?? {};
    if (selectors.some(s => selects(s, labels)))
      rules.push(...asArray(other.rules));
  }
  return rules;
}

const cache = new WeakMap<
  SnapshotIndex,
  { ctxOptions: unknown; entries: RoleEntry[] }
>();

/**
 * Every role the checks judge, sorted: those bound (in the scan) to subjects teams control,
 * and those in the scan that no binding references (judged on their own). Roles bound only
 * to platform subjects are the platform's; on a live cluster the roles Kubernetes and the
 * provider ship are not judged on their own.
 */
export function collectRoles(ctx: CheckContext): RoleEntry[] {
  const cached = cache.get(ctx.index);
  if (cached && cached.ctxOptions === ctx.options) return cached.entries;
  const byRole = new Map<string, RoleEntry>();
  const referenced = new Set<string>();
  const platformBound = new Map<string, string[]>();
  const entryFor = (
    kind: string,
    namespace: string | undefined,
    name: string,
  ): RoleEntry => {
    const key = roleKey(kind, namespace, name);
    let entry = byRole.get(key);
    if (!entry) {
      const role = ctx.index.find(kind, namespace, name);
      const builtin = kind === 'ClusterRole' ? BUILTIN_RULES[name] : undefined;
      const own = role ? asArray(role.rules) : builtin ?? [];
      entry = {
        roleKind: kind,
        roleName: name,
        namespace,
        role,
        rules: role ? [...own, ...aggregatedRules(ctx, role)] : own,
        ownRules: own.length,
        assumedRules: !role && builtin !== undefined,
        grants: [],
        aggregatedInto: aggregatedInto(role),
      };
      byRole.set(key, entry);
    }
    return entry;
  };
  for (const binding of bindings(ctx)) {
    const roleRef = roleRefOf(binding);
    if (!roleRef) continue;
    const namespace =
      roleRef.kind === 'Role'
        ? binding.metadata.namespace ?? 'default'
        : undefined;
    const key = roleKey(roleRef.kind, namespace, roleRef.name);
    const subjects = judgedSubjects(ctx, binding);
    const platformAccounts = platformServiceAccountsOnly(ctx, binding);
    if (platformAccounts) {
      for (const account of platformAccounts) {
        pushTo(
          platformBound,
          key,
          `${account} by ${binding.kind} '${binding.metadata.name}'`,
        );
      }
      continue;
    }
    referenced.add(key);
    if (subjects.length === 0) continue;
    entryFor(roleRef.kind, namespace, roleRef.name).grants.push({
      binding,
      clusterWide: binding.kind === 'ClusterRoleBinding',
      subjects,
    });
  }
  const live = ctx.index.snapshot.scope === 'cluster';
  for (const kind of ['ClusterRole', 'Role']) {
    for (const role of ctx.index.ofKind(kind)) {
      const name = role.metadata.name;
      const namespace =
        kind === 'Role' ? role.metadata.namespace ?? 'default' : undefined;
      const key = roleKey(kind, namespace, name);
      if (referenced.has(key)) continue;
      const holders = platformBound.get(key);
      if (live && holders) continue;
      if (live && kind === 'ClusterRole' && isShippedRole(name)) continue;
      if (namespace && isSystemNamespace(ctx, namespace)) continue;
      const entry = entryFor(kind, namespace, name);
      if (holders) entry.platformHolders = [...new Set(holders)].sort();
    }
  }
  const entries = [...byRole.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([, entry]) => entry);
  cache.set(ctx.index, { ctxOptions: ctx.options, entries });
  return entries;
}

/** Roles bound to subjects teams control (the original view of the binding-based checks). */
export function boundRoles(ctx: CheckContext): RoleEntry[] {
  return collectRoles(ctx).filter(e => e.grants.length > 0);
}

/** Whether a built-in user-facing ClusterRole: its bindings are judged elsewhere. */
export function isBuiltinEntry(entry: RoleEntry): boolean {
  return entry.roleKind === 'ClusterRole' && BUILTIN_ROLES.has(entry.roleName);
}

const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

function shift(severity: Severity, by: number): Severity {
  const i = SEVERITIES.indexOf(severity) + by;
  return SEVERITIES[Math.max(0, Math.min(SEVERITIES.length - 1, i))];
}

/**
 * Severity from the role's reach, relative to the check's `base`: a bound role gets `base`,
 * one level more when it is granted to everyone (system:authenticated, system:anonymous…);
 * a role alone in the scan gets one level less as a ClusterRole and two as a Role, unless it
 * is aggregated into a built-in role (then it is as good as bound). Returns undefined when
 * the result is `base`, so the check's default applies.
 */
export function roleSeverity(
  entry: RoleEntry,
  grants: Grant[],
  base: Severity,
): Severity | undefined {
  let severity = base;
  if (grants.length > 0) {
    const broad = grants.some(g =>
      g.subjects.some(s => isBroadSubject(s.kind, s.name)),
    );
    if (broad) severity = shift(base, 1);
  } else if (entry.aggregatedInto.length === 0) {
    severity = shift(base, entry.roleKind === 'ClusterRole' ? -1 : -2);
  }
  return severity === base ? undefined : severity;
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
 * Workloads by `namespace/name` (a role bound to a default service account reaches every
 * workload of its namespace: each key is made once, not once per comparison).
 */
function sortedWorkloads(workloads: Workload[]): Workload[] {
  if (workloads.length < 2) return workloads;
  const keyed = workloads.map(w => ({ key: `${w.namespace}/${w.name}`, w }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : 1));
  return keyed.map(k => k.w);
}

/** What a role alone in the scan could reach once bound. */
function reachWhenAlone(entry: RoleEntry): string {
  if (entry.platformHolders) {
    return `Granted only to ${listNames(
      entry.platformHolders,
    )}, in a platform namespace`;
  }
  if (entry.aggregatedInto.length > 0) {
    return `It is aggregated into the built-in ${listNames(
      entry.aggregatedInto.map(r => `'${r}'`),
    )} ${
      entry.aggregatedInto.length > 1 ? 'roles' : 'role'
    }, so everyone who holds ${
      entry.aggregatedInto.length > 1 ? 'them' : 'it'
    } gets these rights`;
  }
  return entry.roleKind === 'ClusterRole'
    ? 'No binding in this scan grants it; a ClusterRoleBinding would grant it in every namespace'
    : `No binding in this scan grants it; a RoleBinding would grant it in namespace '${entry.namespace}'`;
}

export interface RoleReport {
  /** Severity the check reports at when the role is bound (its default). */
  base: Severity;
  ruleIndex?: number;
  field: 'verbs' | 'resources' | 'apiGroups';
  /** Narrows the check's standards for this finding. */
  standards?: string[];
}

/**
 * A finding on a role: named after it, listing who holds it and through which bindings, with
 * the labels and exposure of the workloads that run with it (so the owning team sees it).
 * A role alone in the scan is reported with what a binding would give it.
 */
export function reportOnRole(
  ctx: CheckContext,
  entry: RoleEntry,
  grants: Grant[],
  what: string,
  report: RoleReport,
) {
  const subjects = [
    ...new Set(grants.flatMap(g => g.subjects.map(describeSubject))),
  ].sort();
  const bindingNames = [
    ...new Set(
      grants.map(g => `${g.binding.kind} '${g.binding.metadata.name}'`),
    ),
  ].sort();
  const workloads = sortedWorkloads(workloadsOf(ctx, grants));
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
      ? `; workloads running with it: ${listSome(
          workloads,
          w => `${w.kind} '${w.namespace}/${w.name}'`,
        )}`
      : '';
  const holders =
    grants.length > 0
      ? `Granted to ${listNames(subjects)} by ${listNames(
          bindingNames,
        )}${runBy}`
      : reachWhenAlone(entry);
  const finding: RawFinding = {
    message: `${entry.roleKind} '${entry.roleName}' ${what}. ${holders}`,
    resource: {
      kind: entry.roleKind,
      ...(entry.namespace ? { namespace: entry.namespace } : {}),
      name: entry.roleName,
    },
    exposure,
  };
  const severity = roleSeverity(entry, grants, report.base);
  if (severity) finding.severity = severity;
  if (labels) finding.labels = labels;
  if (report.standards) finding.standards = report.standards;
  const grant = primaryGrant(grants.map(g => g.binding));
  if (grant) finding.grant = grant;
  const { ruleIndex } = report;
  if (
    ruleIndex !== undefined &&
    !entry.assumedRules &&
    ruleIndex < entry.ownRules
  ) {
    finding.evidencePath = `rules[${ruleIndex}].${report.field}`;
  }
  ctx.report(finding);
}

// --- Rule matchers (a `*` matches everything, as the authorizer does) ---------------------

function listHas(list: unknown, value: string): boolean {
  const values = asArray<string>(list);
  return values.includes(value) || values.includes('*');
}

export function grantsVerb(rule: any, verbs: string[]): boolean {
  return verbs.some(v => listHas(rule?.verbs, v));
}

/** The rule's API groups cover `group` (a rule without apiGroups is read as the core group). */
export function coversGroup(rule: any, group: string): boolean {
  const groups = asArray<string>(rule?.apiGroups);
  if (groups.length === 0) return group === '';
  return groups.includes(group) || groups.includes('*');
}

/** The rule covers `resource` (`pods`, or a subresource such as `pods/exec`). */
export function coversResource(rule: any, resource: string): boolean {
  const resources = asArray<string>(rule?.resources);
  if (resources.includes('*') || resources.includes(resource)) return true;
  // Kubernetes matches a subresource by its full name, `*` or `*/<subresource>` only:
  // `pods/*` names a subresource literally called `*` and reaches no real one.
  const sub = resource.split('/')[1];
  return sub !== undefined && resources.includes(`*/${sub}`);
}

export function isNarrowedByName(rule: any): boolean {
  return asArray(rule?.resourceNames).length > 0;
}

/** Every verb on every resource of every API group: what cluster-admin is. */
export function isClusterAdminRule(rule: any): boolean {
  return (
    asArray(rule?.verbs).includes('*') &&
    asArray(rule?.resources).includes('*') &&
    asArray(rule?.apiGroups).includes('*') &&
    !isNarrowedByName(rule)
  );
}

/** The verbs that together amount to full read and write access. */
const FULL_ACCESS_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
];

/** Verbs of the rules (not narrowed by name) on `*` resources whose groups pass `groups`. */
function verbsOnEverything(
  rules: any[],
  groups: (apiGroups: string[]) => boolean,
): Set<string> {
  const verbs = new Set<string>();
  for (const rule of rules) {
    if (isNarrowedByName(rule)) continue;
    if (!asArray(rule?.resources).includes('*')) continue;
    if (!groups(asArray<string>(rule?.apiGroups))) continue;
    for (const verb of asArray<string>(rule?.verbs)) verbs.add(verb);
  }
  return verbs;
}

function fullAccess(verbs: Set<string>): boolean {
  return verbs.has('*') || FULL_ACCESS_VERBS.every(v => verbs.has(v));
}

/**
 * As strong as cluster-admin: full read and write (`*`, or get, list, watch, create, update,
 * patch and delete, in any order and across rules) on every resource of every API group.
 * Every verb on the core group alone is not counted here: it is reported for what it grants
 * (wildcards, Secrets, pod creation), as the peer benchmarks read CIS 5.1.1.
 */
export function isClusterAdminEquivalent(rules: any[]): boolean {
  return fullAccess(verbsOnEverything(rules, groups => groups.includes('*')));
}

/** What a rule grants that a control is about, as words for the message; empty if nothing. */
export type RuleMatcher = (rule: any) => string[];

export interface RoleRuleCheckSpec {
  slug: string;
  severity: Severity;
  /** A role is reported when one of its rules matches. */
  match: RuleMatcher;
  /** Message middle: e.g. `can create pods (...)`, from the matched words. */
  describe(found: string[]): string;
  field?: 'verbs' | 'resources';
  /** Reads of the check beyond RBAC objects. */
  reads?: string[];
}

/**
 * A check that judges every role (bound or alone) by its rules. Built-in user-facing roles
 * are left to builtin-admin-binding and cluster-secrets-read, and cluster-admin-equivalent
 * rules to wildcard-permissions (which carries every control such a rule breaks), so one
 * role is not reported by every check.
 */
export function roleRuleCheck(spec: RoleRuleCheckSpec): Check {
  return {
    id: `${ITEM}/${spec.slug}`,
    itemId: ITEM,
    severity: spec.severity,
    reads: RBAC_READS,
    run(ctx) {
      for (const entry of collectRoles(ctx)) {
        if (isBuiltinEntry(entry)) continue;
        const { index, found } = matchRules(entry.rules, spec.match);
        if (index < 0) continue;
        reportOnRole(ctx, entry, entry.grants, spec.describe(found), {
          base: spec.severity,
          ruleIndex: index,
          field: spec.field ?? 'resources',
        });
      }
      return hasRoleEvidence(ctx);
    },
  };
}

/** First matching rule (cluster-admin-equivalent rules skipped) and every match's words. */
export function matchRules(
  rules: any[],
  match: RuleMatcher,
): { index: number; found: string[] } {
  let index = -1;
  const found = new Set<string>();
  rules.forEach((rule, i) => {
    if (isClusterAdminRule(rule)) return;
    const what = match(rule);
    if (what.length === 0) return;
    if (index < 0) index = i;
    for (const w of what) found.add(w);
  });
  return { index, found: [...found] };
}
