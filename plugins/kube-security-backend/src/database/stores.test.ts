import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  Finding,
  ITEM_STATUSES,
  ItemEvaluation,
  Score,
} from '@kube-security/plugin-kube-security-common';
import type { TeamRollup } from '../domain/summaries';
import { AggregateStore } from './AggregateStore';
import { ScanResult } from './ScanStore';
import { storesFor } from './stores';
import { applyMigrations } from './migrations';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

function finding(id: string, over: Partial<Finding> = {}): Finding {
  return {
    id,
    checkId: 'workload-admission-policy/privileged-container',
    itemId: 'workload-admission-policy',
    category: 'workload',
    status: 'fail',
    severity: 'critical',
    message: `finding ${id}`,
    resource: {
      cluster: 'c1',
      kind: 'Deployment',
      namespace: 'shop',
      name: `web-${id}`,
      container: 'app',
    },
    evidencePath: 'spec.template.spec.containers[0].securityContext.privileged',
    labels: { 'backstage.io/kubernetes-id': 'web' },
    exposure: { internet: true, dataStore: false },
    ...over,
  };
}

const FULL: ItemEvaluation[] = [
  {
    itemId: 'workload-admission-policy',
    coverage: 'full',
    checksRun: ['workload-admission-policy/privileged-container'],
  },
  { itemId: 'workload-rbac-least-privilege', coverage: 'full', checksRun: [] },
];

function scan(findings: Finding[], over: Partial<ScanResult> = {}): ScanResult {
  return {
    cluster: 'c1',
    status: 'ok',
    findings,
    coverage: FULL,
    workloads: [
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web-a',
        labels: {},
        entityRef: 'component:default/web',
      },
    ],
    ownerOf: () => 'component:default/web',
    unreadable: [],
    notes: [],
    objectCount: 10,
    ...over,
  };
}

describe('the stores', () => {
  it.each(databases.eachSupportedId())(
    'keeps first-seen across scans and resolves what disappeared, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      let now = new Date('2026-11-01T10:00:00Z');
      const stores = storesFor(knex, { now: () => now });
      const store = stores.scans;
      await store.registerClusters([
        { name: 'c1', provider: 'eks', source: 'snapshot' },
      ]);

      const s1 = await store.startScan('c1');
      expect(
        await store.writeScan(s1, scan([finding('a'), finding('b')])),
      ).toMatchObject({ written: 2, resolved: 0 });

      now = new Date('2026-11-02T10:00:00Z');
      const s2 = await store.startScan('c1');
      expect(
        await store.writeScan(s2, scan([finding('a'), finding('c')])),
      ).toMatchObject({ written: 2, resolved: 1 });

      const open = await stores.findings.openFindings({ cluster: 'c1' });
      const byId = new Map(open.map(f => [f.id, f]));
      expect([...byId.keys()].sort()).toEqual(['a', 'c']);
      expect(byId.get('a')!.firstSeenAt).toBe('2026-11-01T10:00:00.000Z');
      expect(byId.get('a')!.lastSeenAt).toBe('2026-11-02T10:00:00.000Z');
      expect(byId.get('c')!.firstSeenAt).toBe('2026-11-02T10:00:00.000Z');
      expect(byId.get('a')!.exposure).toEqual({
        internet: true,
        dataStore: false,
      });
      expect(byId.get('a')!.entityRef).toBe('component:default/web');

      const resolved = await knex('kube_security_findings')
        .where({ id: 'b' })
        .first();
      expect(new Date(resolved.resolved_at).toISOString()).toBe(
        '2026-11-02T10:00:00.000Z',
      );

      const [cluster] = await store.listClusters();
      expect(cluster).toMatchObject({
        name: 'c1',
        stale: false,
        lastScan: { id: s2, status: 'ok' },
      });
      expect(cluster.lastGoodScanAt).toBe('2026-11-02T10:00:00.000Z');

      // An identical rescan only moves last-seen: nothing inserted, nothing rewritten.
      now = new Date('2026-11-03T10:00:00Z');
      const s3 = await store.startScan('c1');
      expect(
        await store.writeScan(s3, scan([finding('a'), finding('c')])),
      ).toMatchObject({
        written: 2,
        inserted: 0,
        updated: 0,
        resolved: 0,
      });
      const a3 = (await stores.findings.openFindings({ cluster: 'c1' })).find(
        f => f.id === 'a',
      )!;
      expect(a3.lastSeenAt).toBe('2026-11-03T10:00:00.000Z');
      expect(a3.firstSeenAt).toBe('2026-11-01T10:00:00.000Z');

      // A changed message is an update; a resolved finding that comes back reopens.
      const s4 = await store.startScan('c1');
      expect(
        await store.writeScan(
          s4,
          scan([
            finding('a', { message: 'now worse' }),
            finding('b'),
            finding('c'),
          ]),
        ),
      ).toMatchObject({ inserted: 0, updated: 2, resolved: 0 });
      const reopened = (
        await stores.findings.openFindings({ cluster: 'c1' })
      ).find(f => f.id === 'b')!;
      expect(reopened.resolvedAt).toBeUndefined();
      expect(reopened.firstSeenAt).toBe('2026-11-01T10:00:00.000Z');
      expect(
        (await stores.findings.openFindings({ cluster: 'c1' })).find(
          f => f.id === 'a',
        )!.message,
      ).toBe('now worse');
    },
  );

  it.each(databases.eachSupportedId())(
    'stores the standard ids of findings and rewrites them when they change, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const stores = storesFor(knex, { now: () => new Date() });
      await stores.scans.registerClusters([
        { name: 'c1', provider: 'eks', source: 'snapshot' },
      ]);
      const ids = ['PSS baseline: Privileged Containers', 'CIS 5.2.2'];
      await stores.scans.writeScan(
        await stores.scans.startScan('c1'),
        scan([finding('a', { standards: ids }), finding('b')]),
      );
      const read = async () =>
        new Map(
          (await stores.findings.openFindings({ cluster: 'c1' })).map(f => [
            f.id,
            f,
          ]),
        );
      let byId = await read();
      expect(byId.get('a')!.standards).toEqual(ids);
      // Findings without ids (as stored before this column existed) have none.
      expect(byId.get('b')!.standards).toBeUndefined();
      expect(
        (await knex('kube_security_findings').where({ id: 'b' }).first())
          .standards,
      ).toBeNull();

      const narrowed = ['CIS 5.2.2'];
      expect(
        await stores.scans.writeScan(
          await stores.scans.startScan('c1'),
          scan([finding('a', { standards: narrowed }), finding('b')]),
        ),
      ).toMatchObject({ inserted: 0, updated: 1 });
      byId = await read();
      expect(byId.get('a')!.standards).toEqual(narrowed);
      expect((await stores.findings.findingById('a'))!.standards).toEqual(
        narrowed,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'a failed scan keeps the last good findings and marks the cluster stale, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const stores = storesFor(knex);
      const store = stores.scans;
      await store.registerClusters([{ name: 'c1', source: 'kubernetes' }]);
      const good = await store.startScan('c1');
      await store.writeScan(good, scan([finding('a'), finding('b')]));

      const bad = await store.startScan('c1');
      await store.failScan(
        bad,
        'c1',
        'listing pods failed: 500 Internal Server Error',
      );

      expect(
        (await stores.findings.openFindings({ cluster: 'c1' }))
          .map(f => f.id)
          .sort(),
      ).toEqual(['a', 'b']);
      const [cluster] = await store.listClusters();
      expect(cluster.stale).toBe(true);
      expect(cluster.staleReason).toBe(
        'listing pods failed: 500 Internal Server Error',
      );
      expect(cluster.lastScan).toMatchObject({
        id: bad,
        status: 'failed',
        error: 'listing pods failed: 500 Internal Server Error',
      });
      expect(await store.coverageByCluster()).toEqual(
        new Map([['c1', expect.any(Array)]]),
      );

      // The next good scan clears the stale flag.
      const again = await store.startScan('c1');
      await store.writeScan(again, scan([finding('a')]));
      expect((await store.listClusters())[0].stale).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'a partial scan keeps open findings of the items it could not fully see, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const stores = storesFor(knex);
      const store = stores.scans;
      await store.registerClusters([{ name: 'c1', source: 'kubernetes' }]);
      const rbac = finding('r', {
        checkId: 'workload-rbac-least-privilege/cluster-secrets-read',
        itemId: 'workload-rbac-least-privilege',
        resource: { cluster: 'c1', kind: 'ClusterRoleBinding', name: 'reader' },
      });
      const s1 = await store.startScan('c1');
      await store.writeScan(s1, scan([finding('a'), rbac]));

      // ClusterRoles were forbidden this time: the RBAC item is only partly seen.
      const s2 = await store.startScan('c1');
      const summary = await store.writeScan(
        s2,
        scan([], {
          status: 'partial',
          coverage: [
            FULL[0],
            {
              itemId: 'workload-rbac-least-privilege',
              coverage: 'partial',
              checksRun: [],
            },
          ],
          unreadable: [{ kind: 'ClusterRole', reason: 'forbidden' }],
        }),
      );
      expect(summary).toMatchObject({
        written: 0,
        resolved: 1,
        carriedOver: 1,
      });
      expect(
        (await stores.findings.openFindings({ cluster: 'c1' })).map(f => f.id),
      ).toEqual(['r']);
      const [cluster] = await store.listClusters();
      expect(cluster.lastScan).toMatchObject({
        status: 'partial',
        unreadableKinds: ['ClusterRole'],
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'remaps owners without a rescan, and filters and sorts teams, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const stores = storesFor(knex);
      const store = stores.scans;
      await store.registerClusters([{ name: 'c1', source: 'snapshot' }]);
      const s1 = await store.startScan('c1');
      await store.writeScan(
        s1,
        scan([finding('a')], { ownerOf: () => undefined }),
      );
      expect(await stores.findings.countUnowned()).toBe(1);

      const changed = await store.remap(
        () => 'component:default/shop',
        () => 'component:default/shop',
      );
      expect(changed).toEqual({ workloads: 1, findings: 1 });
      expect(await stores.findings.countUnowned()).toBe(0);
      expect(
        (
          await stores.findings.openFindings({
            entityRef: 'component:default/shop',
          })
        ).length,
      ).toBe(1);

      const NO_COUNTS = Object.fromEntries(
        ITEM_STATUSES.map(s => [s, 0]),
      ) as Score['counts'];
      const team = (
        name: string,
        score: number | null,
        open: number,
        clusters: string,
      ): TeamRollup => ({
        summary: {
          entityRef: `group:default/${name}`,
          name,
          title: name.toUpperCase(),
          score: { value: score, grade: null, coverage: 1, counts: NO_COUNTS },
          trend: null,
          openByCategory: { cloud: 0, cluster: 0, workload: open, image: 0 },
          entityCount: 1,
        },
        clusters: clusters.split(',').filter(Boolean),
        providers: ['eks'],
        entityRefs: [],
        topActions: [],
        categories: [],
      });
      await stores.aggregates.writeAggregates(
        [],
        [
          team('alpha', 90, 1, ',c1,'),
          team('beta', 40, 3, ',c2,'),
          team('gamma', null, 0, ',c1,'),
          team('beta_x', 70, 2, ',c1,'),
        ],
      );
      await stores.aggregates.recordScores([
        {
          entityRef: 'group:default/alpha',
          score: 90,
          grade: 'A',
          coverage: 1,
          openItems: 1,
        },
      ]);
      const names = async (
        q: Partial<Parameters<AggregateStore['queryTeams']>[0]>,
      ) =>
        (
          await stores.aggregates.queryTeams({
            offset: 0,
            limit: 10,
            sort: 'score',
            order: 'asc',
            ...q,
          })
        ).teams.map(t => t.name);
      expect(await names({})).toEqual(['beta', 'beta_x', 'alpha', 'gamma']);
      expect(await names({ order: 'desc' })).toEqual([
        'alpha',
        'beta_x',
        'beta',
        'gamma',
      ]);
      expect(await names({ sort: 'open', order: 'desc' })).toEqual([
        'beta',
        'beta_x',
        'alpha',
        'gamma',
      ]);
      expect(await names({ search: 'BETA' })).toEqual(['beta', 'beta_x']);
      // "_" is a literal in searches, not a wildcard.
      expect(await names({ search: 'a_' })).toEqual(['beta_x']);
      expect(await names({ cluster: 'c1' })).toEqual([
        'beta_x',
        'alpha',
        'gamma',
      ]);
      expect(await names({ category: 'workload' })).toEqual([
        'beta',
        'beta_x',
        'alpha',
      ]);
      const paged = await stores.aggregates.queryTeams({
        offset: 1,
        limit: 2,
        sort: 'name',
        order: 'asc',
      });
      expect(paged.total).toBe(4);
      expect(paged.teams.map(t => t.name)).toEqual(['beta', 'beta_x']);
      expect(await stores.aggregates.history('group:default/alpha')).toEqual([
        {
          day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          score: 90,
          grade: 'A',
        },
      ]);
    },
  );
});
