import { stringify } from 'csv-stringify';
import { getActionItem } from '@kube-security/plugin-kube-security-common';
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
];

/** Streams every open finding with its owner as CSV, page by page. */
export async function writeFindingsCsv(
  store: KubeSecurityStore,
  out: Writable,
): Promise<void> {
  const csv = stringify({ header: true, columns: COLUMNS });
  csv.pipe(out, { end: false });
  for await (const page of store.streamOpenFindings()) {
    for (const f of page) {
      csv.write([
        f.entityRef ?? '(unowned)',
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
        f.firstSeenAt,
      ]);
    }
  }
  await new Promise<void>((resolve, reject) => {
    csv.on('error', reject);
    csv.on('end', resolve);
    csv.end();
  });
}
