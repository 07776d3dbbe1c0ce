/** Label selector matching, as the API server does it for NetworkPolicies and workloads. */

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

/** What a selector without matchExpressions has (not a new list per call). */
const NO_EXPRESSIONS: NonNullable<LabelSelector['matchExpressions']> = [];

/**
 * Whether a `metav1.LabelSelector` selects these labels. An empty selector selects
 * everything; `undefined` is treated as empty (a NetworkPolicy's podSelector: {}).
 * An unknown operator selects nothing, so a typo never widens a policy.
 */
export function selectorMatches(
  selector: LabelSelector | undefined | null,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  // Called for every workload and policy pair: no entries arrays or mapped copies.
  const matchLabels = selector.matchLabels;
  if (matchLabels) {
    for (const key in matchLabels) {
      if (!hasOwn(matchLabels, key)) continue;
      if (labels[key] !== String(matchLabels[key])) return false;
    }
  }
  for (const expr of selector.matchExpressions ?? NO_EXPRESSIONS) {
    const has = hasOwn(labels, expr.key);
    switch (expr.operator) {
      case 'In':
        if (!has || !includesString(expr.values, labels[expr.key]))
          return false;
        break;
      case 'NotIn':
        if (has && includesString(expr.values, labels[expr.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether a plain map selector (a Service's `spec.selector`) selects these labels. */
export function mapSelectorMatches(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  for (const key in selector) {
    if (!hasOwn(selector, key)) continue;
    if (labels[key] !== String(selector[key])) return false;
  }
  return true;
}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Whether `values` (compared as strings) holds `value`; a missing list holds nothing. */
function includesString(values: unknown[] | undefined, value: string): boolean {
  if (!values) return false;
  for (const v of values) if (String(v) === value) return true;
  return false;
}
