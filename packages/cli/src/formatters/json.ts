import type { ScanReport } from '../report';
import { countBySeverity, countByStatus } from '../report';

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
        // Open (failing or warning) findings only: passes carry no severity worth counting.
        bySeverity: countBySeverity(report.findings),
      },
      items: plan.score.counts,
      score: plan.score.value,
      grade: plan.score.grade,
      coverage: plan.score.coverage,
      filesScanned: report.files.length,
      errors: report.errors.map(e => ({
        file: e.file ?? null,
        line: e.line ?? null,
        message: e.message,
      })),
    },
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
