import {
  ACTION_ITEMS,
  SEVERITIES,
} from '@kube-security/plugin-kube-security-common';
import type {
  Acceptance,
  CheckDefinition,
  Finding,
  FindingStatus,
  Plan,
  Provider,
  ResourceRef,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import type {
  AnnotationProblem,
  ObjectOrigin,
} from '@kube-security/plugin-kube-security-node';
import type { InputError } from './inputs';

/** A place in an input file. */
export interface SourceLocation {
  file: string;
  line?: number;
}

/** Everything the formatters need; plain data, so every formatter is a pure function. */
export interface ScanReport {
  cluster: string;
  provider?: Provider;
  scope: 'manifests' | 'cluster';
  toolVersion: string;
  /**
   * Open findings first, in plan order, then by severity and resource; findings an
   * exception annotation covers carry `accepted` and come after the open ones.
   */
  findings: Finding[];
  plan: Plan;
  notes: string[];
  /** Every file opened, manifests and cloud descriptors. */
  files: string[];
  cloudFiles: string[];
  errors: InputError[];
  /** Where each Kubernetes object came from, keyed by `resourceKey`. */
  origins: Record<string, SourceLocation>;
  /** Exception annotations that were not honoured, and why. */
  annotationProblems: AnnotationProblem[];
}

export function resourceKey(resource: {
  kind: string;
  namespace?: string;
  name: string;
}): string {
  return `${resource.kind}|${resource.namespace ?? ''}|${resource.name}`;
}

/** Maps objects to their files; the first definition wins when a name repeats. */
export function indexOrigins(
  objects: Array<{
    kind: string;
    metadata: { name: string; namespace?: string };
  }>,
  origins: ObjectOrigin[],
): Record<string, SourceLocation> {
  const index: Record<string, SourceLocation> = {};
  objects.forEach((object, i) => {
    const origin = origins[i];
    if (!origin?.file || !object?.metadata?.name) return;
    const key = resourceKey({
      kind: object.kind,
      namespace: object.metadata.namespace,
      name: object.metadata.name,
    });
    index[key] ??= { file: origin.file, line: origin.line };
  });
  return index;
}

const checkDefinitions = new Map<string, CheckDefinition>();

/** The catalog entry of a check, if the catalog lists it. */
export function checkDefinition(checkId: string): CheckDefinition | undefined {
  if (checkDefinitions.size === 0) {
    for (const item of ACTION_ITEMS) {
      for (const check of item.checks) checkDefinitions.set(check.id, check);
    }
  }
  return checkDefinitions.get(checkId);
}

/**
 * Where a finding points: the manifest that defined its resource. Manifests often leave the
 * namespace out, which the engine reads as `default`; cloud findings point at the descriptor.
 */
export function locateFinding(
  report: Pick<ScanReport, 'origins' | 'cloudFiles'>,
  finding: Finding,
): SourceLocation | undefined {
  const { resource } = finding;
  if (resource.kind === 'Namespace') {
    // Findings on a namespace may carry it as their namespace too; the object has none.
    return report.origins[resourceKey({ ...resource, namespace: undefined })];
  }
  const exact = report.origins[resourceKey(resource)];
  if (exact) return exact;
  if (resource.namespace === 'default' || resource.namespace === undefined) {
    const unqualified =
      report.origins[resourceKey({ ...resource, namespace: undefined })] ??
      report.origins[resourceKey({ ...resource, namespace: 'default' })];
    if (unqualified) return unqualified;
  }
  if (
    report.cloudFiles.length > 0 &&
    checkDefinition(finding.checkId)?.evidence === 'cloud'
  ) {
    return { file: report.cloudFiles[0] };
  }
  return undefined;
}

export function severityRank(severity: Severity | undefined): number {
  const rank = severity ? SEVERITIES.indexOf(severity) : -1;
  return rank === -1 ? SEVERITIES.length : rank;
}

const STATUS_RANK: Record<FindingStatus, number> = {
  fail: 0,
  warn: 1,
  pass: 2,
};

/** Human form of a resource: `Deployment shop/web [nginx]`. */
export function describeResource(resource: ResourceRef): string {
  const name =
    resource.namespace && resource.kind !== 'Namespace'
      ? `${resource.namespace}/${resource.name}`
      : resource.name;
  const container = resource.container ? ` [${resource.container}]` : '';
  return `${resource.kind} ${name}${container}`;
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Plan order first (so output reads like the plan), then worst first, then by resource. */
export function sortFindings(findings: Finding[], plan: Plan): Finding[] {
  // Accepted findings still fail or warn, but come after those that need work.
  const statusRank = (f: Finding) =>
    STATUS_RANK[f.status] + (f.accepted && isOpen(f) ? 0.5 : 0);
  const itemRank = new Map(plan.items.map((item, i) => [item.itemId, i]));
  const key = (f: Finding) =>
    `${f.resource.kind}|${f.resource.namespace ?? ''}|${f.resource.name}|${
      f.resource.container ?? ''
    }|${f.checkId}|${f.evidencePath ?? ''}`;
  return [...findings].sort(
    (a, b) =>
      statusRank(a) - statusRank(b) ||
      (itemRank.get(a.itemId) ?? 99) - (itemRank.get(b.itemId) ?? 99) ||
      severityRank(a.severity) - severityRank(b.severity) ||
      compareText(key(a), key(b)),
  );
}

/** Failing or warning, whether or not an exception accepts it. */
export function isOpen(finding: Finding): boolean {
  return finding.status !== 'pass';
}

/** Failing or warning, and not accepted: what still needs work (and what --fail-on sees). */
export function needsWork(finding: Finding): boolean {
  return isOpen(finding) && finding.accepted === undefined;
}

/** Failing or warning, but an exception accepts the risk until it expires. */
export function isAccepted(
  finding: Finding,
): finding is Finding & { accepted: Acceptance } {
  return isOpen(finding) && finding.accepted !== undefined;
}

/**
 * The last day an acceptance is valid (YYYY-MM-DD): `expiresAt` is the start of the day
 * after the date the annotation gives.
 */
export function acceptedUntil(acceptance: Acceptance): string {
  const end = Date.parse(acceptance.expiresAt);
  if (Number.isNaN(end)) return acceptance.expiresAt;
  return new Date(end - 1).toISOString().slice(0, 10);
}

/** `accepted until 2027-01-31: <reason>` */
export function describeAcceptance(acceptance: Acceptance): string {
  return `accepted until ${acceptedUntil(acceptance)}: ${
    acceptance.justification
  }`;
}

/** `file:line: message` when the annotated object's file is known. */
export function formatAnnotationProblem(problem: AnnotationProblem): string {
  const { origin } = problem;
  const where = origin?.file
    ? `${origin.file}${origin.line ? `:${origin.line}` : ''}: `
    : '';
  return `${where}${problem.message}`;
}

/** Findings that need work per severity, every severity present (zeros included). */
export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map(s => [s, 0])) as Record<
    Severity,
    number
  >;
  for (const finding of findings) {
    if (needsWork(finding)) counts[finding.severity] += 1;
  }
  return counts;
}

export function countByStatus(
  findings: Finding[],
): Record<FindingStatus, number> {
  const counts: Record<FindingStatus, number> = { fail: 0, warn: 0, pass: 0 };
  for (const finding of findings) counts[finding.status] += 1;
  return counts;
}

/** The standard control ids of a finding, comma-separated, or '' when it has none. */
export function standardsOf(finding: { standards?: string[] }): string {
  return (finding.standards ?? []).join(', ');
}
