import { getActionItem } from '@kube-security/plugin-kube-security-common';
import type {
  Category,
  Provider,
  RemediationStep,
} from '@kube-security/plugin-kube-security-common';
import type { ScanReport } from '../report';
import {
  acceptedUntil,
  countBySeverity,
  describeResource,
  formatAnnotationProblem,
  isAccepted,
  locateFinding,
  needsWork,
  standardsOf,
} from '../report';
import type { SourceLocation } from '../report';

export interface MarkdownOptions {
  /** Findings listed per item before the rest is summarised (PR comments have a size cap). */
  maxFindingsPerItem?: number;
}

const PROVIDER_NAMES: Record<Provider, string> = {
  eks: 'EKS',
  gke: 'GKE',
  aks: 'AKS',
};

const CATEGORY_NAMES: Record<Category, string> = {
  cloud: 'Cloud',
  cluster: 'Cluster',
  workload: 'Workload',
  image: 'Image',
};

/** Line breaks and other controls: a value must stay on the line it is written on. */
// eslint-disable-next-line no-control-regex -- the controls are what it matches
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** A zero-width space: breaks a mention, an issue reference or an autolink, shows nothing. */
const ZWSP = '\u200b';

/**
 * Keeps scanner text (which carries names from the scanned files) from turning into markup in
 * a pull-request comment: it stays on its line, every character with a meaning in Markdown or
 * HTML is escaped, and @mentions, #references and bare URLs are broken so that nobody is
 * notified and nothing is linked.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(CONTROLS, ' ')
    .replace(/[\\`*_{}[\]()<>|#!~+=&]/g, c => `\\${c}`)
    .replace(/^([-.:])/, '\\$1')
    .replace(/@/g, `@${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`);
}

/**
 * A code span that holds any text: the fence is longer than any run of backticks inside, and
 * padded when the text starts or ends with one (CommonMark strips one space on each side).
 */
function code(text: string): string {
  const flat = text.replace(CONTROLS, ' ');
  const longest = Math.max(
    0,
    ...(flat.match(/`+/g) ?? []).map(run => run.length),
  );
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function locationSuffix(location: SourceLocation | undefined): string {
  return location
    ? ` (${code(
        `${location.file}${location.line ? `:${location.line}` : ''}`,
      )})`
    : '';
}

function firstStep(
  itemId: Parameters<typeof getActionItem>[0],
  provider: Provider,
): RemediationStep | undefined {
  return getActionItem(itemId)?.remediation[provider]?.steps[0];
}

/** A prioritized plan that reads well as a pull-request comment. */
export function formatMarkdown(
  report: ScanReport,
  options: MarkdownOptions = {},
): string {
  const limit = options.maxFindingsPerItem ?? 20;
  const { plan, provider } = report;
  const out: string[] = [];

  const target = provider
    ? `${code(report.cluster)} (${PROVIDER_NAMES[provider]})`
    : code(report.cluster);
  out.push(`## Kube Security plan for ${target}`, '');

  const { score } = plan;
  const bySeverity = countBySeverity(report.findings);
  const severityText = (
    Object.keys(bySeverity) as Array<keyof typeof bySeverity>
  )
    .filter(s => bySeverity[s] > 0)
    .map(s => `${bySeverity[s]} ${s}`)
    .join(', ');
  const accepted = report.findings.filter(isAccepted);
  out.push(
    [
      score.value === null
        ? '**Score:** none yet (no item had evidence)'
        : `**Score:** ${score.value}/100 (${score.grade})`,
      `**Evidence:** ${Math.round(score.coverage * 100)}% of the plan`,
      `**Open findings:** ${severityText || 'none'}`,
      ...(accepted.length > 0 ? [`**Accepted:** ${accepted.length}`] : []),
      `**Files scanned:** ${report.files.length}`,
    ].join(' · '),
    '',
  );

  out.push('| Category | Open items |', '| --- | --- |');
  for (const summary of plan.categories) {
    out.push(
      `| ${CATEGORY_NAMES[summary.category]} | ${summary.open} of ${
        summary.total
      } |`,
    );
  }
  out.push('');

  const openItems = plan.items.filter(item => item.findings.some(needsWork));
  if (openItems.length === 0) {
    out.push('No open findings in what was scanned.', '');
  }
  openItems.forEach((item, i) => {
    out.push(
      `### ${i + 1}. ${escapeMarkdown(item.title)} ${code(item.itemId)}`,
      '',
    );
    const facts = [`**Status:** ${item.status}`];
    if (item.severity) facts.push(`**worst severity:** ${item.severity}`);
    const exposed =
      item.exposed > 0 ? ` (${item.exposed} internet-exposed)` : '';
    facts.push(`**affected:** ${item.affected}${exposed}`);
    out.push(facts.join(' · '), '');

    const itemFindings = report.findings.filter(
      f => f.itemId === item.itemId && needsWork(f),
    );
    for (const finding of itemFindings.slice(0, limit)) {
      const where = locationSuffix(locateFinding(report, finding));
      const status = finding.status === 'warn' ? ', warning' : '';
      const ids = standardsOf(finding);
      const standards = ids ? ` (Standards: ${escapeMarkdown(ids)})` : '';
      out.push(
        `- **${finding.severity}${status}** ${code(
          describeResource(finding.resource),
        )}: ` + `${escapeMarkdown(finding.message)}${standards}${where}`,
      );
    }
    if (itemFindings.length > limit) {
      out.push(`- …and ${itemFindings.length - limit} more`);
    }
    out.push('');

    if (provider) {
      const step = firstStep(item.itemId, provider);
      if (step) {
        out.push(
          `**First step on ${PROVIDER_NAMES[provider]}:** ${escapeMarkdown(
            step.text,
          )}`,
        );
        if (step.command) out.push('', '```sh', step.command, '```');
        if (step.consolePath) {
          out.push('', `Console: ${escapeMarkdown(step.consolePath)}`);
        }
        out.push('');
      }
    }
  });

  if (accepted.length > 0) {
    out.push(
      '### Accepted risks',
      '',
      'These still fail or warn, but an exception accepts them through the date shown; after it, they count again.',
      '',
    );
    for (const finding of accepted.slice(0, limit)) {
      const where = locationSuffix(locateFinding(report, finding));
      out.push(
        `- **${finding.severity}** ${code(
          describeResource(finding.resource),
        )} ${code(finding.checkId)}: accepted until ${acceptedUntil(
          finding.accepted,
        )}: ${escapeMarkdown(finding.accepted.justification)}${where}`,
      );
    }
    if (accepted.length > limit) {
      out.push(`- …and ${accepted.length - limit} more`);
    }
    out.push('');
  }

  const others = plan.items.filter(item => !openItems.includes(item));
  if (others.length > 0) {
    out.push(
      '<details><summary>Items without open findings</summary>',
      '',
      '| Item | Status |',
      '| --- | --- |',
    );
    for (const item of others) {
      out.push(
        `| ${escapeMarkdown(item.title)} (${code(item.itemId)}) | ${
          item.status
        } |`,
      );
    }
    out.push('', '</details>', '');
  }

  if (report.notes.length > 0) {
    out.push('**Notes on what this scan could judge:**', '');
    for (const note of report.notes) out.push(`- ${escapeMarkdown(note)}`);
    out.push('');
  }

  if (report.annotationProblems.length > 0) {
    out.push(
      `**${report.annotationProblems.length} exception annotation(s) not honoured:**`,
      '',
    );
    for (const problem of report.annotationProblems) {
      out.push(`- ${escapeMarkdown(formatAnnotationProblem(problem))}`);
    }
    out.push('');
  }

  if (report.errors.length > 0) {
    out.push(`**${report.errors.length} input error(s):**`, '');
    for (const error of report.errors) {
      const where = [error.file, error.line]
        .filter(p => p !== undefined)
        .join(':');
      out.push(
        `- ${where ? `${code(where)}: ` : ''}${escapeMarkdown(error.message)}`,
      );
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
