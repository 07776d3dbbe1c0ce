import { selectorMatches } from '../../../engine/selectors';
import type { SnapshotIndex } from '../../../engine/SnapshotIndex';
import type { KubeObject } from '../../../snapshot/types';
import {
  concernsInText,
  matchesAny,
  type Concern,
  type NamespaceInfo,
  type Protection,
} from './types';

/** Pod Security control names Kyverno's `podSecurity` rule may exclude, per concern. */
const PSS_CONTROLS: Record<Concern, RegExp> = {
  privileged: /^privileged containers$/i,
  hostPath: /^hostpath volumes$/i,
  root: /^running as non-root( user)?$/i,
};

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** The resource filters of a match or exclude block (`resources`, `any[]`, `all[]`). */
function resourceFilters(block: unknown): Array<Record<string, any>> {
  if (!isRecord(block)) return [];
  const filters = [block, ...asList(block.any), ...asList(block.all)]
    .filter(isRecord)
    .map(entry => entry.resources)
    .filter(isRecord);
  return filters;
}

function selectsPods(filter: Record<string, any>): boolean {
  return asList(filter.kinds).some(
    kind =>
      typeof kind === 'string' &&
      (kind === '*' || kind === 'Pod' || kind.endsWith('/Pod')),
  );
}

/** Whether a filter names this namespace (by name or selector); an open filter names all. */
function filterSelects(
  filter: Record<string, any>,
  namespace: NamespaceInfo,
): boolean {
  if (Array.isArray(filter.namespaces) && filter.namespaces.length > 0) {
    if (!matchesAny(filter.namespaces, namespace.name)) return false;
  }
  if (isRecord(filter.namespaceSelector)) {
    return selectorMatches(filter.namespaceSelector, namespace.labels);
  }
  return true;
}

/** Whether an exclude filter takes this namespace out (by its name or labels only). */
function filterExcludes(
  filter: Record<string, any>,
  namespace: NamespaceInfo,
): boolean {
  const byName =
    Array.isArray(filter.namespaces) &&
    matchesAny(filter.namespaces, namespace.name);
  const bySelector =
    isRecord(filter.namespaceSelector) &&
    Object.keys(filter.namespaceSelector).length > 0 &&
    selectorMatches(filter.namespaceSelector, namespace.labels);
  return byName || bySelector;
}

/** What a rule's `validate` refuses when it is enforced. */
function validateConcerns(validate: Record<string, any>): Concern[] {
  const podSecurity = validate.podSecurity;
  if (isRecord(podSecurity)) {
    const level = String(podSecurity.level ?? '').toLowerCase();
    const concerns: Concern[] = [];
    if (level === 'baseline' || level === 'restricted') {
      concerns.push('privileged', 'hostPath');
    }
    if (level === 'restricted') concerns.push('root');
    const excluded = asList(podSecurity.exclude)
      .filter(isRecord)
      .map(e => String(e.controlName ?? ''));
    return concerns.filter(
      concern => !excluded.some(name => PSS_CONTROLS[concern].test(name)),
    );
  }
  // The message is prose for the user; only the fields the rule inspects count.
  const inspected: Record<string, any> = { ...validate };
  delete inspected.message;
  delete inspected.failureAction;
  return concernsInText(JSON.stringify(inspected));
}

function isEnforce(action: unknown): boolean {
  return typeof action === 'string' && action.toLowerCase() === 'enforce';
}

/** The failure action of a rule in a namespace: per-rule, then per-namespace overrides, then the policy's. */
function enforcedIn(
  spec: Record<string, any>,
  validate: Record<string, any>,
  namespace: NamespaceInfo,
): boolean {
  if (validate.failureAction !== undefined) {
    return isEnforce(validate.failureAction);
  }
  const overrides = [
    ...asList(validate.failureActionOverrides),
    ...asList(spec.validationFailureActionOverrides),
  ].filter(isRecord);
  for (const override of overrides) {
    const named = matchesAny(override.namespaces, namespace.name);
    const selected =
      isRecord(override.namespaceSelector) &&
      Object.keys(override.namespaceSelector).length > 0 &&
      selectorMatches(override.namespaceSelector, namespace.labels);
    if (named || selected) return isEnforce(override.action);
  }
  // Kyverno's default is Audit.
  return isEnforce(spec.validationFailureAction);
}

function rulesOf(policy: KubeObject, kind: 'ClusterPolicy' | 'Policy') {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  const source = `Kyverno ${kind} '${
    policy.metadata.namespace ? `${policy.metadata.namespace}/` : ''
  }${policy.metadata.name}'`;
  const protections: Protection[] = [];
  for (const rule of asList(spec.rules).filter(isRecord)) {
    const validate = rule.validate;
    if (!isRecord(validate)) continue;
    const matches = resourceFilters(rule.match).filter(selectsPods);
    if (!matches.length) continue;
    const concerns = validateConcerns(validate);
    if (!concerns.length) continue;
    const excludes = resourceFilters(rule.exclude);
    protections.push({
      source,
      concerns,
      appliesTo: namespace =>
        (kind === 'ClusterPolicy' ||
          policy.metadata.namespace === namespace.name) &&
        matches.some(f => filterSelects(f, namespace)) &&
        !excludes.some(f => filterExcludes(f, namespace)),
      enforced: namespace => enforcedIn(spec, validate, namespace),
    });
  }
  return protections;
}

/** The validate rules of Kyverno ClusterPolicies and Policies that judge pods. */
export function kyvernoProtections(index: SnapshotIndex): Protection[] {
  const protections: Protection[] = [];
  for (const kind of ['ClusterPolicy', 'Policy'] as const) {
    for (const policy of index.ofKind(kind)) {
      if (!String(policy.apiVersion ?? '').startsWith('kyverno.io/')) continue;
      protections.push(...rulesOf(policy, kind));
    }
  }
  return protections;
}
