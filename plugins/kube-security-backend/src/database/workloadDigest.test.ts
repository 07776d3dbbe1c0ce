import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { oneClusterStore } from '../__testUtils__/oneClusterStore';
import { rowWrites } from '../__testUtils__/rowWrites';
import { ScanResult, WorkloadRecord } from './ScanStore';

/*
 * Issue 17 item 2: an identical rescan decides from the digest of the workload list kept
 * on the cluster row that no workload row needs reading or writing. A change in any field
 * of any one workload is still written, and rows changed or deleted by anything but a
 * scan are not mistaken for the scan's.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const TIMEOUT = 60_000;
const WORKLOADS = 'kube_security_workloads';

function workload(i: number): WorkloadRecord {
  return {
    kind: 'Deployment',
    namespace: `ns-${i % 4}`,
    name: `app-${i}`,
    labels: { 'backstage.io/kubernetes-id': `app-${i}`, tier: 'web' },
    entityRef: `component:default/app-${i}`,
  };
}

const base = Array.from({ length: 20 }, (_, i) => workload(i));

function scan(workloads: WorkloadRecord[]): ScanResult {
  return {
    cluster: 'c1',
    status: 'ok',
    findings: [],
    coverage: [],
    workloads,
    ownerOf: () => undefined,
    unreadable: [],
    notes: [],
    objectCount: workloads.length,
  };
}

/** Selects of workload rows (not counts) the knex client runs, from its query events. */
function workloadReads(knex: Knex) {
  let reads = 0;
  const listener = (query: { sql?: string }) => {
    const sql = query.sql ?? '';
    if (
      /^select\b/i.test(sql) &&
      new RegExp(`from\\s+[\`"]?${WORKLOADS}\\b`, 'i').test(sql) &&
      !/\bcount\(/i.test(sql)
    ) {
      reads++;
    }
  };
  knex.on('query', listener);
  return {
    count: () => reads,
    stop: () => knex.removeListener('query', listener),
  };
}

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const { stores, writeScan } = await oneClusterStore(knex);
  const write = async (workloads: WorkloadRecord[]) => {
    const writes = rowWrites(knex);
    const reads = workloadReads(knex);
    const summary = await writeScan(scan(workloads));
    writes.stop();
    reads.stop();
    return { summary, written: writes.rows(WORKLOADS), read: reads.count() };
  };
  const rows = () =>
    knex(WORKLOADS)
      .where({ cluster: 'c1' })
      .orderBy(['kind', 'namespace', 'name'])
      .select('kind', 'namespace', 'name', 'labels', 'entity_ref');
  const asRows = (workloads: WorkloadRecord[]) =>
    workloads
      .map(w => ({
        kind: w.kind,
        namespace: w.namespace,
        name: w.name,
        labels: JSON.stringify(w.labels),
        entity_ref: w.entityRef ?? null,
      }))
      .sort((a, b) =>
        `${a.kind}\u0000${a.namespace}\u0000${a.name}`.localeCompare(
          `${b.kind}\u0000${b.namespace}\u0000${b.name}`,
        ),
      );
  return { knex, stores, write, rows, asRows };
}

/** One workload changed in one field, each a way a rescan can differ. */
const CHANGES: Array<[string, (w: WorkloadRecord) => WorkloadRecord]> = [
  ['kind', w => ({ ...w, kind: 'StatefulSet' })],
  ['namespace', w => ({ ...w, namespace: 'elsewhere' })],
  ['name', w => ({ ...w, name: `${w.name}-renamed` })],
  ['a label value', w => ({ ...w, labels: { ...w.labels, tier: 'api' } })],
  ['a label more', w => ({ ...w, labels: { ...w.labels, team: 'blue' } })],
  ['owner', w => ({ ...w, entityRef: 'component:default/other' })],
  ['no owner', w => ({ ...w, entityRef: undefined })],
];

describe('workload rows decided by the digest of the workload list', () => {
  it.each(databases.eachSupportedId())(
    'are neither read nor written by an identical rescan, on %p',
    async (id: TestDatabaseId) => {
      const { write, rows, asRows } = await setUp(id);
      const first = await write(base);
      expect(first.written).toBe(base.length);
      // The same workloads, as new objects: still identical.
      const again = await write(
        base.map(w => ({ ...w, labels: { ...w.labels } })),
      );
      expect(again).toMatchObject({
        written: 0,
        read: 0,
        summary: { changedEntityRefs: [] },
      });
      expect(await rows()).toEqual(asRows(base));
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'see a change in any one field of one workload, on %p',
    async (id: TestDatabaseId) => {
      const { write, rows, asRows } = await setUp(id);
      await write(base);
      let previous = base;
      for (const [what, change] of CHANGES) {
        const next = previous.map((w, i) => (i === 7 ? change(w) : w));
        const changed = await write(next);
        // A changed key is a row deleted and one inserted; anything else one row updated.
        expect({ what, written: changed.written }).toEqual({
          what,
          written: ['kind', 'namespace', 'name'].includes(what) ? 2 : 1,
        });
        expect({ what, rows: await rows() }).toEqual({
          what,
          rows: asRows(next),
        });
        const owners = [previous[7].entityRef, next[7].entityRef].filter(
          (ref): ref is string => ref !== undefined,
        );
        expect(changed.summary.changedEntityRefs).toEqual(
          [...new Set(owners)].sort(),
        );
        // And the same list again reads and writes no workload row.
        expect(await write(next)).toMatchObject({ written: 0, read: 0 });
        previous = next;
      }
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'do not trust the digest once a deletion or a remap changed the rows, on %p',
    async (id: TestDatabaseId) => {
      const { knex, stores, write, rows, asRows } = await setUp(id);
      await write(base);

      // A row deleted behind the store's back is written again by the same list.
      await knex(WORKLOADS).where({ cluster: 'c1', name: 'app-3' }).delete();
      const restored = await write(base);
      expect(restored.written).toBe(1);
      expect(restored.summary.changedEntityRefs).toEqual([
        'component:default/app-3',
      ]);
      expect(await rows()).toEqual(asRows(base));
      expect(await write(base)).toMatchObject({ written: 0, read: 0 });

      // A catalog remap gives app-5 another owner; the scan's mapping still says app-5.
      await stores.scans.remap(
        w =>
          w.name === 'app-5'
            ? 'component:default/other'
            : `component:default/${w.name}`,
        () => undefined,
      );
      const back = await write(base);
      expect(back.written).toBe(1);
      expect(await rows()).toEqual(asRows(base));

      // Another order: the digest differs, no row does.
      const reversed = await write([...base].reverse());
      expect(reversed).toMatchObject({ written: 0, read: 1 });
      expect(await write([...base].reverse())).toMatchObject({
        written: 0,
        read: 0,
      });

      // Twice the same workload: one row, and the next identical list still sees one.
      const twice = [...base, base[0]];
      expect((await write(twice)).written).toBe(0);
      expect((await write(twice)).written).toBe(0);
      expect(await rows()).toEqual(asRows(base));
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'keep the rows of a failed scan and compare them again after it, on %p',
    async (id: TestDatabaseId) => {
      const { stores, write, rows, asRows } = await setUp(id);
      await write(base);
      await stores.scans.failScan(
        await stores.scans.startScan('c1'),
        'c1',
        'the API server timed out',
      );
      expect(await rows()).toEqual(asRows(base));
      const next = base.slice(2);
      const after = await write(next);
      expect(after.written).toBe(2);
      expect(await rows()).toEqual(asRows(next));
    },
    TIMEOUT,
  );
});
