import fs from 'fs';
import path from 'path';
import { ACTION_ITEMS } from '.';
import { renderActionItemsMarkdown } from './markdown';

const DOC_PATH = path.resolve(__dirname, '../../../../docs/action-items.md');

describe('renderActionItemsMarkdown', () => {
  it('has one row per item with its evidence and checks', () => {
    const markdown = renderActionItemsMarkdown();
    const rows = markdown.split('\n').filter(line => /^\| \d+ \|/.test(line));
    expect(rows).toHaveLength(ACTION_ITEMS.length);
    expect(rows[0]).toContain('`cloud-network-isolation`');
    expect(rows[0]).toContain('`dedicated-network` (medium; cloud)');
    expect(rows[4]).toContain(
      '`public-node-ips` (high; cloud, also kubernetes)',
    );
    expect(rows[18]).toContain('none (attestation only)');
    const checks = ACTION_ITEMS.reduce((n, item) => n + item.checks.length, 0);
    expect(checks).toBeGreaterThan(70);
    expect(markdown).toContain(`19 items, ${checks} automated checks.`);
  });

  it('matches the committed docs/action-items.md', () => {
    // The committed file is prettier-formatted: compare cell contents, not padding.
    const normalise = (markdown: string) =>
      markdown
        .trim()
        .split('\n')
        .map(line =>
          line.startsWith('|')
            ? line
                .split('|')
                .map(c => c.trim().replace(/^-+$/, '---'))
                .join('|')
            : line.trimEnd(),
        );
    // Out of date? Run plugins/kube-security-common/scripts/generate-action-items-doc.js
    expect(normalise(fs.readFileSync(DOC_PATH, 'utf8'))).toEqual(
      normalise(renderActionItemsMarkdown()),
    );
  });
});
