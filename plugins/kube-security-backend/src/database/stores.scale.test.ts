import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Finding } from '@kube-security/plugin-kube-security-common';
import { ScanResult, WorkloadRecord } from './ScanStore';
import { storesFor } from './stores';
import { applyMigrations } from './migrations';

/**
 * The reads and writes that keep the store cheap at scale (see bench/store.bench.ts): plan
 * findings by entity, entity clusters from distinct pairs, trends from each ref's latest
 * day, remapping page by page, and workloads written as a difference.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
/** Thousands of rows on a busy CI machine take longer than jest's default 5 s. */
const TIMEOUT = 60_000;

function finding(
  id: string,
  entity: string,
  over: Partial<Finding> = {},
): Finding {
  return {
    id,
    checkId: 'workload-admission-policy/run-as-root',
    itemId: 'workload-admission-policy',
    category: 'workload',
    status: 'fail',
    severity: 'high',
    message: `finding ${id}`,
    resource: {
      cluster: 'c1',
      kind: 'Deployment',
      namespace: 'shop',
      name: entity,
      container: 'app',
    },
    evidencePath:
      'spec.template.spec.containers[0].securityContext.runAsNonRoot',
    labels: { 'backstage.io/kubernetes-id': entity },
    exposure: { internet: id.endsWith('x'), dataStore: false },
    ...over,
  };
}

const workload = (
  name: string,
  labels: Record<string, string> = {},
): WorkloadRecord => ({
  kind: 'Deployment',
  namespace: 'shop',
  name,
  labels,
  entityRef: `component:default/${name}`,
});

function scan(
  cluster: string,
  findings: Finding[],
  workloads: WorkloadRecord[],
): ScanResult {
  return {
    cluster,
    status: 'ok',
    findings: findings.map(f => ({
      ...f,
      resource: { ...f.resource, cluster },
    })),
    coverage: [
      { itemId: 'workload-admission-policy', coverage: 'full', checksRun: [] },
    ],
    workloads,
    ownerOf: f => `component:default/${f.resource.name}`,
    unreadable: [],
    notes: [],
    objectCount: workloads.length,
  };
}

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  let now = new Date('2026-11-01T10:00:00Z');
  const stores = storesFor(knex, { now: () => now });
  const store = stores.scans;
  await store.registerClusters([
    { name: 'c1', source: 'snapshot' },
    { name: 'c2', source: 'snapshot' },
  ]);
  const write = async (result: ScanResult) =>
    store.writeScan(await store.startScan(result.cluster), result);
  return {
    knex,
    store,
    stores,
    write,
    setNow: (d: string) => (now = new Date(d)),
  };
}

describe('the stores at scale', () => {
  it.each(databases.eachSupportedId())(
    'reads open plan findings by entity, and where entities run, on %p',
    async (id: TestDatabaseId) => {
      const { store, stores, write } = await setUp(id);
      await write(
        scan(
          'c1',
          [
            finding('a1x', 'shop'),
            finding('a2', 'shop'),
            finding('b1', 'cart'),
          ],
          [workload('shop'), workload('cart')],
        ),
      );
      await write(scan('c2', [finding('a3', 'shop')], [workload('shop')]));
      // A second scan of c1 resolves a2: resolved findings are not part of a plan.
      await write(
        scan(
          'c1',
          [finding('a1x', 'shop'), finding('b1', 'cart')],
          [workload('shop'), workload('cart')],
        ),
      );

      const byEntity = await stores.findings.planFindings([
        'component:default/shop',
        'component:default/none',
      ]);
      expect([...byEntity.keys()]).toEqual(['component:default/shop']);
      // Condensed: one per item, resource, status and severity, which is all a plan summary
      // needs; ids, check ids, containers and messages are left out.
      const shop = byEntity.get('component:default/shop')!;
      expect(shop.map(f => f.resource.cluster).sort()).toEqual(['c1', 'c2']);
      expect(shop.find(f => f.resource.cluster === 'c1')).toEqual({
        id: '',
        checkId: '',
        itemId: 'workload-admission-policy',
        category: 'workload',
        status: 'fail',
        severity: 'high',
        message: '',
        resource: {
          cluster: 'c1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'shop',
        },
        exposure: { internet: true, dataStore: false },
        // The oldest first sighting of the group, for the age of a team's actions.
        firstSeenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
      });

      const all = await store.clustersByEntity();
      expect(all).toEqual(
        new Map([
          ['component:default/shop', new Set(['c1', 'c2'])],
          ['component:default/cart', new Set(['c1'])],
        ]),
      );
      expect(await store.clustersByEntity('component:default/cart')).toEqual(
        new Map([['component:default/cart', new Set(['c1'])]]),
      );
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    "finds each ref's latest score on or before a day, on %p",
    async (id: TestDatabaseId) => {
      const { stores, setNow } = await setUp(id);
      const day = async (d: string, scores: Array<[string, number | null]>) => {
        setNow(`${d}T12:00:00Z`);
        await stores.aggregates.recordScores(
          scores.map(([ref, score]) => ({
            entityRef: ref,
            score,
            grade: null,
            coverage: 1,
            openItems: 0,
          })),
        );
      };
      await day('2026-10-01', [
        ['group:default/a', 10],
        ['group:default/b', 20],
        ['component:default/c', 30],
      ]);
      await day('2026-10-05', [
        ['group:default/a', 15],
        ['group:default/b', null],
      ]);
      await day('2026-10-09', [
        ['group:default/a', 99],
        ['group:default/b', 98],
      ]);

      expect(await stores.aggregates.scoresOnOrBefore('2026-10-06')).toEqual(
        new Map<string, number | null>([
          ['group:default/a', 15],
          ['group:default/b', null],
          ['component:default/c', 30],
        ]),
      );
      expect(
        await stores.aggregates.scoresOnOrBefore('2026-10-06', [
          'group:default/a',
          'group:default/z',
        ]),
      ).toEqual(new Map([['group:default/a', 15]]));
      expect(await stores.aggregates.scoresOnOrBefore('2026-09-30')).toEqual(
        new Map(),
      );
      expect(
        await stores.aggregates.scoresOnOrBefore('2026-10-06', []),
      ).toEqual(new Map());
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'remaps more findings than fit in one page, on %p',
    async (id: TestDatabaseId) => {
      const { store, stores, write } = await setUp(id);
      // 5000 findings make a page: 5003 need two, and the owner split crosses pages.
      const findings = Array.from({ length: 5003 }, (_, i) =>
        finding(`f${String(i).padStart(5, '0')}`, i % 2 ? 'odd' : 'even'),
      );
      await write(scan('c1', findings, [workload('odd'), workload('even')]));

      const seen = new Set<string>();
      const changed = await store.remap(
        w =>
          w.name === 'odd'
            ? 'component:default/renamed'
            : `component:default/${w.name}`,
        f => {
          seen.add(f.id);
          return f.resource.name === 'odd'
            ? 'component:default/renamed'
            : f.entityRef;
        },
      );
      expect(seen.size).toBe(5003);
      expect(changed).toEqual({ workloads: 1, findings: 2501 });
      expect(
        (
          await stores.findings.openFindings({
            entityRef: 'component:default/renamed',
          })
        ).length,
      ).toBe(2501);
      expect(
        (
          await stores.findings.openFindings({
            entityRef: 'component:default/even',
          })
        ).length,
      ).toBe(2502);
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'writes only the workloads that changed, on %p',
    async (id: TestDatabaseId) => {
      const { knex, write } = await setUp(id);
      const rows = () =>
        knex('kube_security_workloads')
          .where({ cluster: 'c1' })
          .orderBy('name')
          .select('name', 'labels', 'entity_ref');
      await write(
        scan(
          'c1',
          [],
          [workload('a'), workload('b', { tier: 'web' }), workload('c')],
        ),
      );
      // PostgreSQL gives every written row version a new xmin: unchanged rows keep theirs.
      const versions = async () =>
        id.startsWith('POSTGRES')
          ? (
              await knex.raw(
                `select name, xmin::text as v from kube_security_workloads order by name`,
              )
            ).rows
          : [];
      const before = await versions();

      await write(
        scan(
          'c1',
          [],
          [workload('a'), workload('b', { tier: 'web' }), workload('c')],
        ),
      );
      expect(await versions()).toEqual(before);

      // b's labels change, c is gone, d is new, a has a new owner; c2 is untouched.
      await write(scan('c2', [], [workload('c')]));
      await write(
        scan(
          'c1',
          [],
          [
            { ...workload('a'), entityRef: undefined },
            workload('b', { tier: 'api' }),
            workload('d'),
          ],
        ),
      );
      expect(await rows()).toEqual([
        { name: 'a', labels: '{}', entity_ref: null },
        {
          name: 'b',
          labels: '{"tier":"api"}',
          entity_ref: 'component:default/b',
        },
        { name: 'd', labels: '{}', entity_ref: 'component:default/d' },
      ]);
      expect(
        await knex('kube_security_workloads')
          .where({ cluster: 'c2' })
          .select('name'),
      ).toEqual([{ name: 'c' }]);
    },
    TIMEOUT,
  );
});
