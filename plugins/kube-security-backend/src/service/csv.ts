import { stringify } from 'csv-stringify';
import {
  Finding,
  RiskException,
  getActionItem,
  markAcceptedFindings,
} from '@kube-security/plugin-kube-security-common';
import type { Writable } from 'stream';
import type { StoredFinding } from '../database/FindingStore';

/**
 * The export's columns, in order: a header and how to read the cell from the stored
 * finding (`stored`, with owner and times) and the same finding marked with the exception
 * that covers it (`f`). A new column is one more entry.
 */
const COLUMNS: Array<
  [header: string, cell: (f: Finding, stored: StoredFinding) => string]
> = [
  ['entity', (_, stored) => stored.entityRef ?? '(unowned)'],
  ['cluster', f => f.resource.cluster ?? ''],
  ['namespace', f => f.resource.namespace ?? ''],
  ['kind', f => f.resource.kind],
  ['name', f => f.resource.name],
  ['container', f => f.resource.container ?? ''],
  ['item', f => f.itemId],
  ['item_title', f => getActionItem(f.itemId).title],
  ['check', f => f.checkId],
  ['status', f => f.status],
  ['severity', f => f.severity],
  ['internet_exposed', f => (f.exposure?.internet ? 'yes' : 'no')],
  ['message', f => f.message],
  ['evidence_path', f => f.evidencePath ?? ''],
  ['standards', f => (f.standards ?? []).join('; ')],
  ['first_seen', (_, stored) => stored.firstSeenAt],
  ['accepted_until', f => f.accepted?.expiresAt.slice(0, 10) ?? ''],
  ['accepted_reason', f => f.accepted?.justification ?? ''],
];

/**
 * Writes open findings with their owner as CSV, page by page as they are read; findings an
 * active exception covers say until when and why. Leaves `out` open.
 */
export async function writeFindingsCsv(
  pages: AsyncIterable<StoredFinding[]>,
  exceptions: RiskException[],
  out: Writable,
): Promise<void> {
  const byEntity = new Map<string, RiskException[]>();
  for (const e of exceptions) {
    byEntity.set(e.entityRef, [...(byEntity.get(e.entityRef) ?? []), e]);
  }
  const csv = stringify({ header: true, columns: COLUMNS.map(([h]) => h) });
  csv.pipe(out, { end: false });
  for await (const page of pages) {
    for (const stored of page) {
      const [f] = markAcceptedFindings(
        [stored],
        byEntity.get(stored.entityRef ?? '') ?? [],
      );
      csv.write(COLUMNS.map(([, cell]) => cell(f, stored)));
    }
  }
  await new Promise<void>((resolve, reject) => {
    csv.on('error', reject);
    csv.on('end', resolve);
    csv.end();
  });
}
