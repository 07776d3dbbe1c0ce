import { selectorMatches } from '../../../engine/selectors';
import type { SnapshotIndex } from '../../../engine/SnapshotIndex';
import { concernsInText, type Protection } from './types';

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** Whether a policy's matchConstraints cover pods. */
function matchesPods(matchConstraints: Record<string, any>): boolean {
  return asList(matchConstraints.resourceRules)
    .filter(isRecord)
    .some(rule => {
      const groups = asList(rule.apiGroups);
      const resources = asList(rule.resources);
      return (
        (groups.includes('') || groups.includes('*')) &&
        (resources.includes('pods') || resources.includes('*'))
      );
    });
}

/**
 * ValidatingAdmissionPolicies that judge pods, through each binding that puts them in
 * force: a binding whose validationActions include Deny refuses, Warn or Audit only report.
 */
export function validatingAdmissionPolicyProtections(
  index: SnapshotIndex,
): Protection[] {
  const protections: Protection[] = [];
  for (const binding of index.ofKind('ValidatingAdmissionPolicyBinding')) {
    const spec = isRecord(binding.spec) ? binding.spec : {};
    if (typeof spec.policyName !== 'string') continue;
    const policy = index.find(
      'ValidatingAdmissionPolicy',
      undefined,
      spec.policyName,
    );
    const policySpec = isRecord(policy?.spec) ? policy!.spec : undefined;
    if (!policySpec) continue;
    const constraints = isRecord(policySpec.matchConstraints)
      ? policySpec.matchConstraints
      : {};
    if (!matchesPods(constraints)) continue;
    const text = [
      ...asList(policySpec.validations),
      ...asList(policySpec.variables),
    ]
      .filter(isRecord)
      .map(entry => String(entry.expression ?? ''))
      .join('\n');
    const concerns = concernsInText(text);
    if (!concerns.length) continue;
    const enforced = asList(spec.validationActions).includes('Deny');
    const bindingSelector = isRecord(spec.matchResources)
      ? spec.matchResources.namespaceSelector
      : undefined;
    protections.push({
      source: `ValidatingAdmissionPolicy '${spec.policyName}' (binding '${binding.metadata.name}')`,
      concerns,
      appliesTo: namespace =>
        selectorMatches(constraints.namespaceSelector, namespace.labels) &&
        selectorMatches(bindingSelector, namespace.labels),
      enforced: () => enforced,
    });
  }
  return protections;
}
