import { stringify } from 'csv-stringify/sync';
import {
  Finding,
  RiskException,
  getActionItem,
  markAcceptedFindings,
} from '@kube-security/plugin-kube-security-common';
import type { Writable } from 'stream';
import type { StoredFinding } from '../database/FindingStore';

/** Who answers for an entity's findings: its owners and, of those, the teams (groups). */
export interface CsvOwnership {
  /** Refs of the entity's owners (users or groups). */
  owners: string[];
  /** Names of the groups among them. */
  teams: string[];
}

/** Finds the owners of an entity; none when the catalog does not know it. */
export type CsvOwnersOf = (entityRef: string) => CsvOwnership | undefined;

/**
 * The export's columns, in order: a header and how to read the cell from the stored
 * finding (`stored`, with owner and times), the same finding marked with the exception
 * that covers it (`f`) and the owners of its entity (`who`). A new column is one more entry.
 */
const COLUMNS: Array<
  [
    header: string,
    cell: (f: Finding, stored: StoredFinding, who?: CsvOwnership) => string,
  ]
> = [
  ['entity', (_, stored) => stored.entityRef ?? '(unowned)'],
  ['owner', (_f, _s, who) => (who?.owners ?? []).join('; ')],
  ['team', (_f, _s, who) => (who?.teams ?? []).join('; ')],
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

/** Cells starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'`: no formula runs. */
const CSV_OPTIONS = { escape_formulas: true } as const;

/**
 * Writes open findings with their entity, its owners and teams as CSV, page by page as they are read; findings an
 * active exception covers say until when and why. Reads the next page only once `out` has
 * taken the previous one (back-pressure) and stops reading when `out` is closed (the client
 * went away). Leaves `out` open.
 */
export async function writeFindingsCsv(
  pages: AsyncIterable<StoredFinding[]>,
  exceptions: RiskException[],
  out: Writable,
  ownersOf: CsvOwnersOf = () => undefined,
): Promise<void> {
  const byEntity = new Map<string, RiskException[]>();
  for (const e of exceptions) {
    byEntity.set(e.entityRef, [...(byEntity.get(e.entityRef) ?? []), e]);
  }
  if (!(await send(out, stringify([COLUMNS.map(([h]) => h)], CSV_OPTIONS)))) {
    return;
  }
  for await (const page of pages) {
    const rows = page.map(stored => {
      const [f] = markAcceptedFindings(
        [stored],
        byEntity.get(stored.entityRef ?? '') ?? [],
      );
      const who = stored.entityRef ? ownersOf(stored.entityRef) : undefined;
      return COLUMNS.map(([, cell]) => cell(f, stored, who));
    });
    if (!(await send(out, stringify(rows, CSV_OPTIONS)))) return;
  }
}

/**
 * Writes one chunk; resolves true once `out` can take more, false when it closed or
 * failed first (then the caller stops reading).
 */
function send(out: Writable, chunk: string): Promise<boolean> {
  if (out.destroyed || out.writableEnded) return Promise.resolve(false);
  if (out.write(chunk)) return Promise.resolve(true);
  return new Promise(resolve => {
    function settle(ok: boolean) {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onClose);
      resolve(ok);
    }
    function onDrain() {
      settle(true);
    }
    function onClose() {
      settle(false);
    }
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onClose);
  });
}
