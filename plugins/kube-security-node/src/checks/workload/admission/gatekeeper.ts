import { selectorMatches } from '../../../engine/selectors';
import type { SnapshotIndex } from '../../../engine/SnapshotIndex';
import type { KubeObject } from '../../../snapshot/types';
import { matchesAny, type Concern, type Protection } from './types';

const CONSTRAINTS_GROUP = 'constraints.gatekeeper.sh/';

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/**
 * What a constraint refuses, from its template's kind and its parameters. Constraint
 * logic is Rego that the scan cannot run, so the kinds of the Gatekeeper policy library
 * (and the Azure Policy and GKE Policy Controller bundles built on it) are recognised by name.
 */
export function constraintConcerns(constraint: KubeObject): Concern[] {
  const kind = constraint.kind.toLowerCase();
  const parameters = isRecord(constraint.spec?.parameters)
    ? constraint.spec.parameters
    : {};
  const concerns: Concern[] = [];
  if (/privilegedcontainer|noprivilege(?!escalation)/.test(kind)) {
    concerns.push('privileged');
  }
  if (/hostfilesystem/.test(kind)) concerns.push('hostPath');
  if (/volumetypes/.test(kind)) {
    const allowed = asList(parameters.volumes).map(String);
    if (!allowed.includes('hostPath') && !allowed.includes('*')) {
      concerns.push('hostPath');
    }
  }
  if (/allowedusers/.test(kind)) {
    const runAsUser = isRecord(parameters.runAsUser)
      ? parameters.runAsUser
      : {};
    const ranges = asList(runAsUser.ranges).filter(isRecord);
    if (
      runAsUser.rule === 'MustRunAsNonRoot' ||
      (runAsUser.rule === 'MustRunAs' &&
        ranges.length > 0 &&
        ranges.every(r => Number(r.min) >= 1))
    ) {
      concerns.push('root');
    }
  }
  return concerns;
}

/** `deny` (the default), or `scoped` with a deny action at the validation webhook. */
function denies(spec: Record<string, any>): boolean {
  const action = spec.enforcementAction ?? 'deny';
  if (action === 'deny') return true;
  if (action !== 'scoped') return false;
  return asList(spec.scopedEnforcementActions)
    .filter(isRecord)
    .some(
      scoped =>
        scoped.action === 'deny' &&
        asList(scoped.enforcementPoints).some(
          point =>
            isRecord(point) &&
            (point.name === 'validation.gatekeeper.sh' || point.name === '*'),
        ),
    );
}

function selectsPods(match: Record<string, any>): boolean {
  const kinds = asList(match.kinds).filter(isRecord);
  if (!kinds.length) return true;
  return kinds.some(entry => {
    const names = asList(entry.kinds);
    return !names.length || names.includes('Pod') || names.includes('*');
  });
}

/** Gatekeeper constraints (any kind of the constraints.gatekeeper.sh group) that judge pods. */
export function gatekeeperProtections(index: SnapshotIndex): Protection[] {
  const protections: Protection[] = [];
  for (const constraint of index.snapshot.objects) {
    if (!String(constraint.apiVersion ?? '').startsWith(CONSTRAINTS_GROUP)) {
      continue;
    }
    const spec = isRecord(constraint.spec) ? constraint.spec : {};
    const match = isRecord(spec.match) ? spec.match : {};
    if (!selectsPods(match)) continue;
    const concerns = constraintConcerns(constraint);
    if (!concerns.length) continue;
    const enforced = denies(spec);
    protections.push({
      source: `Gatekeeper ${constraint.kind} '${constraint.metadata.name}'`,
      concerns,
      appliesTo: namespace =>
        (!asList(match.namespaces).length ||
          matchesAny(match.namespaces, namespace.name)) &&
        !matchesAny(match.excludedNamespaces, namespace.name) &&
        selectorMatches(
          isRecord(match.namespaceSelector)
            ? match.namespaceSelector
            : undefined,
          namespace.labels,
        ),
      enforced: () => enforced,
    });
  }
  return protections;
}
