import { stringify } from 'csv-stringify';
import {
  RiskException,
  getActionItem,
  markAcceptedFindings,
} from '@kube-security/plugin-kube-security-common';
import type { Writable } from 'stream';
import { KubeSecurityStore } from '../database/KubeSecurityStore';

const COLUMNS = [
  'entity',
  'cluster',
  'namespace',
  'kind',
  'name',
  'container',
  'item',
  'item_title',
  'check',
  'status',
  'severity',
  'internet_exposed',
  'message',
  'evidence_path',
  'first_seen',
  'accepted_until',
  'accepted_reason',
];

/**
 * Streams every open finding with its owner as CSV, page by page; findings an active
 * exception covers say until when and why.
 */
export async function writeFindingsCsv(
  store: KubeSecurityStore,
  exceptions: RiskException[],
  out: Writable,
): Promise<void> {
  const byEntity = new Map<string, RiskException[]>();
  for (const e of exceptions) {
    byEntity.set(e.entityRef, [...(byEntity.get(e.entityRef) ?? []), e]);
  }
  const csv = stringify({ header: true, columns: COLUMNS });
  csv.pipe(out, { end: false });
  for await (const page of store.streamOpenFindings()) {
    for (const stored of page) {
      const [f] = markAcceptedFindings(
        [stored],
        byEntity.get(stored.entityRef ?? '') ?? [],
      );
      csv.write([
        stored.entityRef ?? '(unowned)',
        f.resource.cluster,
        f.resource.namespace ?? '',
        f.resource.kind,
        f.resource.name,
        f.resource.container ?? '',
        f.itemId,
        getActionItem(f.itemId).title,
        f.checkId,
        f.status,
        f.severity,
        f.exposure?.internet ? 'yes' : 'no',
        f.message,
        f.evidencePath ?? '',
        stored.firstSeenAt,
        f.accepted?.expiresAt.slice(0, 10) ?? '',
        f.accepted?.justification ?? '',
      ]);
    }
  }
  await new Promise<void>((resolve, reject) => {
    csv.on('error', reject);
    csv.on('end', resolve);
    csv.end();
  });
}
