import { ActionItem } from '../types';
import { ACTION_ITEMS, CATEGORY_TITLES } from '.';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * The catalog as a Markdown document: one table row per action item with its
 * evidence and checks. docs/action-items.md is generated from this (see
 * scripts/generate-action-items-doc.js) and a test keeps the two in sync.
 */
export function renderActionItemsMarkdown(
  items: readonly ActionItem[] = ACTION_ITEMS,
): string {
  const lines = [
    '# Action items',
    '',
    '<!-- Generated from plugins/kube-security-common/src/catalog by',
    '     `node plugins/kube-security-common/scripts/generate-action-items-doc.js`.',
    '     Do not edit by hand: change the catalog and rerun the script. -->',
    '',
    'The 19 practices of the Kube Security action plan, in plan order. Base impact is',
    '`100 - (order - 1) * 4`; see [scoring.md](scoring.md) for how it feeds the priority',
    'and the score. Evidence says where the engine looks: `kubernetes` objects, `cloud`',
    'descriptors, or an `attestation` a team records. Each check is listed with its',
    'default severity; a check id is `<item id>/<check>`.',
    '',
    '| # | Id | Category | Title | Base impact | Evidence | Checks |',
    '|---|----|----------|-------|-------------|----------|--------|',
  ];
  for (const item of items) {
    const checks =
      item.checks.length > 0
        ? item.checks
            .map(c => {
              const slug = c.id.slice(item.id.length + 1);
              const also = c.additionalEvidence?.length
                ? `, also ${c.additionalEvidence.join(', ')}`
                : '';
              const addition = c.addition ? '; addition to the practice' : '';
              return `\`${slug}\` (${c.severity}; ${c.evidence}${also}${addition})`;
            })
            .join('<br>')
        : 'none (attestation only)';
    lines.push(
      `| ${[
        String(item.order),
        `\`${item.id}\``,
        CATEGORY_TITLES[item.category],
        cell(item.title),
        String(item.baseImpact),
        item.evidence.join(', '),
        checks,
      ].join(' | ')} |`,
    );
  }
  const checkCount = items.reduce((n, item) => n + item.checks.length, 0);
  lines.push('', `${items.length} items, ${checkCount} automated checks.`, '');
  return lines.join('\n');
}
