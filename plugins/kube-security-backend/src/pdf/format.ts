import {
  CATEGORY_TITLES,
  CategorySummary,
  Finding,
  ITEM_STATUSES,
  Provider,
  PROVIDER_TITLES,
  ResourceRef,
  Score,
  Severity,
  SEVERITY_LABELS,
  STATUS_LABELS,
} from '@kube-security/plugin-kube-security-common';

/** The PDFs name statuses with the words every view uses. */
export { STATUS_LABELS };

export function severityLabel(severity: Severity): string {
  return SEVERITY_LABELS[severity];
}

export function providerLabel(provider: Provider | undefined): string {
  return provider ? PROVIDER_TITLES[provider] : 'Not known';
}

/** `2025-03-04`, the UTC day; unparseable input is shown as given. */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10);
}

/** `2025-03-04 10:22 UTC`; unparseable input is shown as given. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatScoreValue(value: number | null): string {
  return value === null ? 'n/a' : String(Math.round(value));
}

export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** One line with the score, its grade and how much of it had evidence. */
export function formatScore(score: Score): string {
  if (score.value === null) {
    return `Score: not available yet (no item had evidence) \u00b7 Coverage: ${formatPercent(
      score.coverage,
    )}`;
  }
  return `Score: ${formatScoreValue(score.value)} / 100 \u00b7 Grade ${
    score.grade
  } \u00b7 Coverage: ${formatPercent(score.coverage)}`;
}

/** `Failing: 3 · Partially done: 1 · ...`, statuses with no item left out. */
export function formatStatusCounts(counts: Score['counts']): string {
  return ITEM_STATUSES.filter(status => counts[status] > 0)
    .map(status => `${STATUS_LABELS[status]}: ${counts[status]}`)
    .join(' \u00b7 ');
}

/** `Workload security: 3 open of 5`. */
export function formatCategoryCount(summary: CategorySummary): string {
  return `${CATEGORY_TITLES[summary.category]}: ${summary.open} open of ${
    summary.total
  }`;
}

/** Signed change, `+3` / `-1.5` / `0`, or `no history`. */
export function formatTrendDelta(trend: number | null): string {
  if (trend === null) return 'no history';
  const rounded = Math.round(trend * 10) / 10;
  return `${rounded > 0 ? '+' : ''}${rounded}`;
}

/** Change over the last week in words, or a note that there is no history. */
export function formatTrend(trend: number | null): string {
  if (trend === null) return 'no history yet';
  const delta = formatTrendDelta(trend);
  if (delta === '0') return 'unchanged over the last 7 days';
  const points = Math.abs(Number(delta)) === 1 ? 'point' : 'points';
  return `${delta} ${points} over the last 7 days`;
}

/** `prod-eks / payments / Deployment payments-api` (container excluded). */
export function describeResource(resource: ResourceRef): string {
  return [
    resource.cluster,
    resource.namespace,
    `${resource.kind} ${resource.name}`,
  ]
    .filter((part): part is string => Boolean(part))
    .join(' / ');
}

/** Exposure notes of a resource, e.g. `internet-exposed, holds data`. */
export function describeExposure(findings: readonly Finding[]): string {
  const notes: string[] = [];
  if (findings.some(f => f.exposure?.internet)) notes.push('internet-exposed');
  if (findings.some(f => f.exposure?.dataStore)) notes.push('holds data');
  return notes.join(', ');
}

/** `3 resources (1 internet-exposed)`. */
export function formatAffected(affected: number, exposed: number): string {
  const resources = `${affected} ${affected === 1 ? 'resource' : 'resources'}`;
  return exposed > 0 ? `${resources} (${exposed} internet-exposed)` : resources;
}
