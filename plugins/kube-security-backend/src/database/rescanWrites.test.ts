import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type {
  Finding,
  ItemEvaluation,
} from '@kube-security/plugin-kube-security-common';
import { rowWrites } from '../__testUtils__/rowWrites';
import { ScanResult, WorkloadRecord } from './ScanStore';
import { applyMigrations, migrationsDir } from './migrations';
import { storesFor } from './stores';

/**
 * Last-seen is kept per scan (the cluster's last good scan), not per finding: a rescan
 * writes the findings that changed and nothing else, while every reader still gets each
 * finding's last-seen time.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
/** Thousands of rows on a busy CI machine take longer than jest's default 5 s. */
const TIMEOUT = 120_000;

const FINDINGS = 2000;
const WORKLOADS = 200;
const ITEMS = [
  'workload-admission-policy',
  'workload-rbac-least-privilege',
] as const;

function finding(i: number, over: Partial<Finding> = {}): Finding {
  const workload = `app-${i % WORKLOADS}`;
  const itemId = ITEMS[i % 2];
  return {
    id: `f${i}`,
    checkId: `${itemId}/check-${i % 7}`,
    itemId,
    category: 'workload',
    status: i % 3 === 0 ? 'pass' : 'fail',
    severity: i % 5 === 0 ? 'critical' : 'medium',
    message: `finding ${i} on ${workload}`,
    resource: {
      cluster: 'c1',
      kind: 'Deployment',
      namespace: `ns-${i % 13}`,
      name: workload,
      container: `c${i % 3}`,
    },
    evidencePath: `spec.template.spec.containers[${i % 3}]`,
    labels: { 'backstage.io/kubernetes-id': workload },
    exposure: { internet: i % 11 === 0, dataStore: false },
    ...over,
  };
}

const workloads: WorkloadRecord[] = Array.from(
  { length: WORKLOADS },
  (_, i) => ({
    kind: 'Deployment',
    namespace: `ns-${i % 13}`,
    name: `app-${i}`,
    labels: { 'backstage.io/kubernetes-id': `app-${i}` },
    entityRef: `component:default/app-${i % 40}`,
  }),
);

const FULL: ItemEvaluation[] = ITEMS.map(itemId => ({
  itemId,
  coverage: 'full',
  checksRun: [`${itemId}/check-0`],
}));

function scan(findings: Finding[], over: Partial<ScanResult> = {}): ScanResult {
  return {
    cluster: 'c1',
    status: 'ok',
    findings,
    coverage: FULL,
    workloads,
    ownerOf: f =>
      `component:default/app-${Number(f.resource.name.slice(4)) % 40}`,
    unreadable: [],
    notes: [],
    objectCount: WORKLOADS,
    ...over,
  };
}

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  const clock = { now: new Date('2026-11-01T10:00:00Z') };
  const stores = storesFor(knex, { now: () => clock.now });
  await stores.scans.registerClusters([{ name: 'c1', source: 'snapshot' }]);
  const write = async (result: ScanResult, at: string) => {
    clock.now = new Date(at);
    return stores.scans.writeScan(await stores.scans.startScan('c1'), result);
  };
  const lastSeen = async () =>
    new Map(
      (await stores.findings.openFindings({ cluster: 'c1' })).map(f => [
        f.id,
        f.lastSeenAt,
      ]),
    );
  return { knex, stores, write, lastSeen };
}

describe('rescans write what changed', () => {
  it.each(databases.eachSupportedId())(
    'an identical rescan of 2,000 findings writes fewer than 100 rows, and a changed finding is updated, on %p',
    async (id: TestDatabaseId) => {
      const { knex, stores, write, lastSeen } = await setUp(id);
      const all = Array.from({ length: FINDINGS }, (_, i) => finding(i));
      const writes = rowWrites(knex);

      await write(scan(all), '2026-11-01T10:00:00Z');
      // The counter sees the first scan's rows: it would see a rewrite too.
      expect(writes.rows('kube_security_findings')).toBe(FINDINGS);
      expect(writes.rows('kube_security_workloads')).toBe(WORKLOADS);

      writes.reset();
      const same = await write(scan(all), '2026-11-01T11:00:00Z');
      expect(same).toMatchObject({
        written: FINDINGS,
        inserted: 0,
        updated: 0,
        resolved: 0,
        changedEntityRefs: [],
      });
      expect(writes.rows('kube_security_findings')).toBe(0);
      expect(writes.rows('kube_security_workloads')).toBe(0);
      expect(writes.rows('kube_security_item_coverage')).toBe(0);
      expect(writes.rows()).toBeLessThan(100);
      // Every reader still sees each finding last seen by this scan.
      const seen = await lastSeen();
      expect(seen.size).toBe(FINDINGS);
      expect(new Set(seen.values())).toEqual(
        new Set(['2026-11-01T11:00:00.000Z']),
      );
      expect((await stores.findings.findingById('f7'))!.lastSeenAt).toBe(
        '2026-11-01T11:00:00.000Z',
      );

      // One finding reworded, one gone: those two rows are written, nothing else. Only the
      // gone one changes a plan: a new message leaves app-4's plan as it was.
      writes.reset();
      const changed = all
        .filter(f => f.id !== 'f5')
        .map(f => (f.id === 'f4' ? { ...f, message: 'now worse' } : f));
      expect(await write(scan(changed), '2026-11-01T12:00:00Z')).toMatchObject({
        inserted: 0,
        updated: 1,
        resolved: 1,
        changedEntityRefs: ['component:default/app-5'],
      });
      expect(writes.rows('kube_security_findings')).toBe(2);
      expect(writes.rows()).toBeLessThan(100);
      writes.stop();
      const f4 = (await stores.findings.findingById('f4'))!;
      expect(f4.message).toBe('now worse');
      expect(f4.lastSeenAt).toBe('2026-11-01T12:00:00.000Z');
      expect(f4.firstSeenAt).toBe('2026-11-01T10:00:00.000Z');
      // The resolved one was last seen by the scan before.
      const f5 = (await stores.findings.findingById('f5'))!;
      expect(f5.resolvedAt).toBe('2026-11-01T12:00:00.000Z');
      expect(f5.lastSeenAt).toBe('2026-11-01T11:00:00.000Z');

      // It comes back: reopened, last seen now, first seen kept; app-4's finding is
      // reworded back and, this time, also changes severity: both plans change.
      const severer = all.map(f =>
        f.id === 'f4' ? { ...f, severity: 'critical' as const } : f,
      );
      expect(await write(scan(severer), '2026-11-01T13:00:00Z')).toMatchObject({
        inserted: 0,
        updated: 2,
        resolved: 0,
        changedEntityRefs: [
          'component:default/app-4',
          'component:default/app-5',
        ],
      });
      const back = (await stores.findings.findingById('f5'))!;
      expect(back.resolvedAt).toBeUndefined();
      expect(back.lastSeenAt).toBe('2026-11-01T13:00:00.000Z');
      expect(back.firstSeenAt).toBe('2026-11-01T10:00:00.000Z');
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'a partial or failed scan keeps findings open with the last-seen time of the scan that saw them, on %p',
    async (id: TestDatabaseId) => {
      const { stores, write, lastSeen } = await setUp(id);
      const all = Array.from({ length: 20 }, (_, i) => finding(i));
      await write(scan(all), '2026-11-01T10:00:00Z');

      // A partial scan that could not see the RBAC item, and missed its findings.
      const partial = await write(
        scan(
          all.filter(f => f.itemId !== 'workload-rbac-least-privilege'),
          {
            status: 'partial',
            coverage: [FULL[0], { ...FULL[1], coverage: 'none' }],
          },
        ),
        '2026-11-01T11:00:00Z',
      );
      expect(partial).toMatchObject({ resolved: 0, carriedOver: 10 });
      let seen = await lastSeen();
      expect(seen.size).toBe(20);
      for (const f of all) {
        expect(seen.get(f.id)).toBe(
          f.itemId === 'workload-rbac-least-privilege'
            ? '2026-11-01T10:00:00.000Z'
            : '2026-11-01T11:00:00.000Z',
        );
      }

      // Still blind the next time: the carried-over findings keep their time.
      await write(
        scan(
          all.filter(f => f.itemId !== 'workload-rbac-least-privilege'),
          {
            status: 'partial',
            coverage: [FULL[0], { ...FULL[1], coverage: 'none' }],
          },
        ),
        '2026-11-01T12:00:00Z',
      );
      expect((await lastSeen()).get('f1')).toBe('2026-11-01T10:00:00.000Z');

      // A failed scan changes nothing: last seen stays the last good scan's.
      const failing = await stores.scans.startScan('c1');
      await stores.scans.failScan(failing, 'c1', 'the API server went away');
      expect((await lastSeen()).get('f0')).toBe('2026-11-01T12:00:00.000Z');

      // A good scan that misses them resolves them, last seen by the first scan.
      await write(
        scan(all.filter(f => f.itemId !== 'workload-rbac-least-privilege')),
        '2026-11-01T13:00:00Z',
      );
      const f1 = (await stores.findings.findingById('f1'))!;
      expect(f1.resolvedAt).toBe('2026-11-01T13:00:00.000Z');
      expect(f1.lastSeenAt).toBe('2026-11-01T10:00:00.000Z');
      seen = await lastSeen();
      expect(seen.size).toBe(10);
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'the migration keeps the last-seen times of existing findings, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      const config = {
        directory: migrationsDir,
        tableName: 'kube_security_knex_migrations',
        loadExtensions: ['.js'],
      };
      const MIGRATION = '20261206010000_findings_last_seen_per_scan.js';
      const [, pending] = (await knex.migrate.list(config)) as [
        unknown,
        Array<{ file: string }>,
      ];
      for (const { file } of pending) {
        if (file === MIGRATION) break;
        await knex.migrate.up({ ...config, name: file });
      }
      const t1 = new Date('2026-11-01T10:00:00Z');
      const t2 = new Date('2026-11-02T10:00:00Z');
      await knex('kube_security_clusters').insert({
        name: 'c1',
        source: 'snapshot',
        stale: false,
        updated_at: t2,
        last_scan_id: 2,
        last_good_scan_id: 2,
        last_good_scan_at: t2,
      });
      const row = (
        i: string,
        over: {
          last_seen_at: Date;
          last_scan_id: number;
          resolved_at?: Date;
          entity_ref?: string;
        },
      ) => ({
        id: i,
        cluster: 'c1',
        check_id: 'workload-admission-policy/privileged-container',
        item_id: 'workload-admission-policy',
        category: 'workload',
        status: 'fail',
        severity: 'high',
        message: `finding ${i}`,
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        internet_exposed: false,
        data_store: false,
        first_seen_at: t1,
        resolved_at: null,
        ...over,
      });
      await knex('kube_security_findings').insert([
        // Seen by the last good scan.
        row('seen', {
          last_seen_at: t2,
          last_scan_id: 2,
          entity_ref: 'component:default/web',
        }),
        // Carried over by it (a partial scan that could not see its item).
        row('carried', { last_seen_at: t1, last_scan_id: 1 }),
        row('resolved', { last_seen_at: t1, last_scan_id: 1, resolved_at: t2 }),
      ]);

      await applyMigrations(knex);
      const stored = new Map(
        (await knex('kube_security_findings').select('id', 'last_seen_at')).map(
          r => [r.id, r.last_seen_at],
        ),
      );
      expect(stored.get('seen')).toBeNull();
      expect(stored.get('carried')).not.toBeNull();
      const t3 = new Date('2026-11-03T10:00:00Z');
      const stores = storesFor(knex, { now: () => t3 });
      const read = async (i: string) =>
        (await stores.findings.findingById(i))!.lastSeenAt;
      expect(await read('seen')).toBe(t2.toISOString());
      expect(await read('carried')).toBe(t1.toISOString());
      expect(await read('resolved')).toBe(t1.toISOString());

      // The next scan compares the rows without a content hash column by column, once:
      // the unchanged one only gets its hash, the carried-over one is seen again.
      const seen: Finding = {
        id: 'seen',
        checkId: 'workload-admission-policy/privileged-container',
        itemId: 'workload-admission-policy',
        category: 'workload',
        status: 'fail',
        severity: 'high',
        message: 'finding seen',
        resource: {
          cluster: 'c1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'web',
        },
        exposure: { internet: false, dataStore: false },
      };
      const writes = rowWrites(knex);
      const rescan = await stores.scans.writeScan(
        await stores.scans.startScan('c1'),
        scan([seen, { ...seen, id: 'carried', message: 'finding carried' }], {
          workloads: [],
          ownerOf: f => (f.id === 'seen' ? 'component:default/web' : undefined),
        }),
      );
      writes.stop();
      expect(rescan).toMatchObject({ inserted: 0, updated: 1, resolved: 0 });
      expect(writes.rows('kube_security_findings')).toBe(2);
      expect(rescan.changedEntityRefs).toEqual([]);
      const hashes = await knex('kube_security_findings')
        .whereIn('id', ['seen', 'carried'])
        .select('content_hash');
      expect(hashes.every(h => typeof h.content_hash === 'string')).toBe(true);

      // Down again: every row holds its own time.
      await knex.migrate.down({ ...config, name: MIGRATION });
      const [down] = await knex('kube_security_findings')
        .where({ id: 'seen' })
        .select('last_seen_at');
      expect(new Date(down.last_seen_at).toISOString()).toBe(t3.toISOString());
    },
    TIMEOUT,
  );
});
