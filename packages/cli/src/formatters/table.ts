import type {
  Finding,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import type { ScanReport } from '../report';
import {
  countBySeverity,
  describeAcceptance,
  describeResource,
  isAccepted,
  locateFinding,
  needsWork,
  standardsOf,
} from '../report';
import { createPainter } from './ansi';
import { terminalSafeDeep } from './terminalSafe';

export interface TableOptions {
  color: boolean;
}

/**
 * The human summary: items in plan order, each with the resources to fix. Every value from
 * the scanned files is made terminal-safe first: names must not drive the reader's terminal.
 */
export function formatTable(
  untrusted: ScanReport,
  options: TableOptions,
): string {
  const report = terminalSafeDeep(untrusted);
  const paint = createPainter(options.color);
  const lines: string[] = [];
  const { plan } = report;
  const { score } = plan;

  const target = report.provider
    ? `${report.cluster} (${report.provider.toUpperCase()})`
    : report.cluster;
  lines.push(
    paint.bold(`Kube Security scan of ${target}`) +
      paint.dim(
        ` - ${report.files.length} file${
          report.files.length === 1 ? '' : 's'
        }, ${report.scope} scope`,
      ),
  );
  const scoreText =
    score.value === null
      ? 'no score (no item had evidence)'
      : `score ${score.value}/100, grade ${score.grade}`;
  lines.push(
    `${scoreText}, evidence for ${Math.round(
      score.coverage * 100,
    )}% of the plan`,
  );
  const open = report.findings.filter(needsWork);
  const accepted = report.findings.filter(isAccepted);
  const bySeverity = countBySeverity(report.findings);
  const severityText = (
    Object.keys(bySeverity) as Array<keyof typeof bySeverity>
  )
    .filter(s => bySeverity[s] > 0)
    .map(s => paint.severity(s, `${bySeverity[s]} ${s}`))
    .join(', ');
  const acceptedText =
    accepted.length > 0 ? `; ${accepted.length} accepted` : '';
  lines.push(
    open.length === 0
      ? `no open findings${acceptedText}`
      : `${open.length} open finding${
          open.length === 1 ? '' : 's'
        }: ${severityText}${acceptedText}`,
  );

  const where = (finding: Finding) => {
    const location = locateFinding(report, finding);
    return location
      ? paint.dim(
          `  ${location.file}${location.line ? `:${location.line}` : ''}`,
        )
      : '';
  };

  const standards = (finding: Finding) => {
    const ids = standardsOf(finding);
    return ids ? paint.dim(`  [${ids}]`) : '';
  };

  // Items with something to fix get a section; the rest is summed up in one line each.
  const openItems = plan.items.filter(item => item.findings.some(needsWork));
  openItems.forEach((item, i) => {
    lines.push('');
    lines.push(itemHeading(item, i + 1, paint));
    const itemFindings = report.findings.filter(
      f => f.itemId === item.itemId && needsWork(f),
    );
    for (const finding of itemFindings) {
      const exposed = finding.exposure?.internet ? ' (internet-exposed)' : '';
      lines.push(
        `     ${paint.status(
          finding.status,
          finding.status.toUpperCase().padEnd(4),
        )} ` +
          `${paint.severity(finding.severity, finding.severity.padEnd(8))} ` +
          `${describeResource(finding.resource)}${exposed}: ${
            finding.message
          }${standards(finding)}${where(finding)}`,
      );
    }
  });

  // Accepted risks stay visible, apart from what needs work, with their expiry and reason.
  if (accepted.length > 0) {
    lines.push('');
    lines.push(paint.bold(`Accepted risks (${accepted.length})`));
    for (const finding of accepted) {
      lines.push(
        `     ${paint.dim('ACCEPTED')} ` +
          `${paint.severity(finding.severity, finding.severity.padEnd(8))} ` +
          `${describeResource(finding.resource)} (${
            finding.checkId
          }): ${describeAcceptance(finding.accepted)}${where(finding)}`,
      );
    }
  }

  const listIds = (status: string) =>
    plan.items
      .filter(i => i.status === status && !openItems.includes(i))
      .map(i => i.itemId);
  const passing = listIds('pass');
  const partial = listIds('partial');
  const unknown = listIds('unknown');
  const acceptedItems = listIds('accepted');
  if (
    passing.length + acceptedItems.length + partial.length + unknown.length >
    0
  ) {
    lines.push('');
  }
  if (passing.length > 0) {
    lines.push(`${paint.status('pass', 'Passing')}: ${passing.join(', ')}`);
  }
  if (acceptedItems.length > 0) {
    lines.push(
      `${paint.status('accepted', 'Accepted')}: ${acceptedItems.join(
        ', ',
      )}${paint.dim(' (only accepted risks left)')}`,
    );
  }
  if (partial.length > 0) {
    const hint = paint.dim(' (no findings, but some checks lacked evidence)');
    lines.push(
      `${paint.status('partial', 'Partly checked')}: ${partial.join(
        ', ',
      )}${hint}`,
    );
  }
  if (unknown.length > 0) {
    const hint = paint.dim(
      ' (needs --cloud, a whole-cluster scan or an attestation)',
    );
    lines.push(
      `${paint.status('unknown', 'No evidence')}: ${unknown.join(', ')}${hint}`,
    );
  }
  for (const note of report.notes) {
    lines.push(paint.dim(`note: ${note}`));
  }
  const problems = report.annotationProblems.length;
  if (problems > 0) {
    lines.push('');
    lines.push(
      paint.status(
        'partial',
        `${problems} exception annotation problem${
          problems === 1 ? '' : 's'
        } (listed on stderr): those annotations are not honoured`,
      ),
    );
  }
  if (report.errors.length > 0) {
    lines.push('');
    lines.push(
      paint.status(
        'fail',
        `${report.errors.length} input error${
          report.errors.length === 1 ? '' : 's'
        } (listed on stderr); the rest was scanned`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

function itemHeading(
  item: PlanItem,
  rank: number,
  paint: ReturnType<typeof createPainter>,
): string {
  const severity = item.severity
    ? ` ${paint.severity(item.severity, item.severity)}`
    : '';
  const plural = item.affected === 1 ? '' : 's';
  const exposed = item.exposed > 0 ? `, ${item.exposed} internet-exposed` : '';
  const affected =
    item.affected > 0
      ? paint.dim(` - ${item.affected} resource${plural}${exposed}`)
      : '';
  const status = paint.status(item.status, item.status.toUpperCase());
  return `${String(rank).padStart(2)}. ${paint.bold(item.title)} ${paint.dim(
    `(${item.itemId})`,
  )} ${status}${severity}${affected}`;
}
