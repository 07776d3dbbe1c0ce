/** Label selector matching, as the API server does it for NetworkPolicies and workloads. */

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

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
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== String(value)) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, expr.key);
    const values = (expr.values ?? []).map(String);
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(labels[expr.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[expr.key])) return false;
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
  for (const [key, value] of Object.entries(selector)) {
    if (labels[key] !== String(value)) return false;
  }
  return true;
}
