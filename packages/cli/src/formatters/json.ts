import type { ScanReport } from '../report';
import {
  acceptedUntil,
  countBySeverity,
  countByStatus,
  isAccepted,
} from '../report';

/**
 * The machine-readable result. Keys are always present (null when unknown) so that
 * consumers such as `jq` or a CI script can rely on the shape.
 */
export function formatJson(report: ScanReport): string {
  const { plan } = report;
  const output = {
    findings: report.findings.map(f => ({
      checkId: f.checkId,
      itemId: f.itemId,
      category: f.category,
      status: f.status,
      severity: f.severity,
      message: f.message,
      resource: {
        kind: f.resource.kind,
        namespace: f.resource.namespace ?? null,
        name: f.resource.name,
        container: f.resource.container ?? null,
      },
      evidencePath: f.evidencePath ?? null,
      // Ids of the public standard controls the finding answers (docs/standards.md).
      standards: f.standards ?? [],
      // Set when an exception accepts the risk: the finding no longer counts as failing.
      accepted: f.accepted
        ? {
            scope: f.accepted.scope,
            justification: f.accepted.justification,
            createdBy: f.accepted.createdBy,
            expiresAt: f.accepted.expiresAt,
            validThrough: acceptedUntil(f.accepted),
            source: f.accepted.source,
          }
        : null,
    })),
    items: plan.items.map(item => ({
      itemId: item.itemId,
      status: item.status,
      priority: item.priority,
    })),
    summary: {
      cluster: report.cluster,
      provider: report.provider ?? null,
      scope: report.scope,
      findings: {
        total: report.findings.length,
        byStatus: countByStatus(report.findings),
        // Failing or warning findings that are not accepted: passes carry no severity
        // worth counting, and accepted ones are a decision already made.
        bySeverity: countBySeverity(report.findings),
        accepted: report.findings.filter(isAccepted).length,
      },
      items: plan.score.counts,
      score: plan.score.value,
      grade: plan.score.grade,
      coverage: plan.score.coverage,
      filesScanned: report.files.length,
      // What the scan could not judge (e.g. cluster-wide facts in a manifests scan).
      notes: report.notes,
      errors: report.errors.map(e => ({
        file: e.file ?? null,
        line: e.line ?? null,
        message: e.message,
      })),
    },
    // Exception annotations that were not honoured, and why.
    annotationProblems: report.annotationProblems.map(p => ({
      annotation: p.annotation,
      resource: {
        kind: p.resource.kind,
        namespace: p.resource.namespace ?? null,
        name: p.resource.name,
      },
      message: p.message,
      file: p.origin?.file ?? null,
      line: p.origin?.line ?? null,
    })),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
