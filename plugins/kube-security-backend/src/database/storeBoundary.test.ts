import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Finding } from '@kube-security/plugin-kube-security-common';
import type { EntitySummary } from '../domain/summaries';
import { applyMigrations } from './migrations';
import { storesFor } from './stores';

/*
 * Issue 13, point 3: what a cluster holds must never make a scan's write fail. Names longer
 * than the columns and U+0000 (which PostgreSQL text rejects) are made to fit at the store
 * boundary; two replicas writing the aggregates at once do not collide.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const NOW = new Date('2026-12-05T12:00:00Z');

const LONG = 'x'.repeat(700);

function finding(id: string, over: Partial<Finding['resource']> = {}): Finding {
  return {
    id,
    checkId: 'workload-rbac-least-privilege/wildcard-permissions',
    itemId: 'workload-rbac-least-privilege',
    category: 'workload',
    status: 'fail',
    severity: 'critical',
    message: `role grants everything \u0000 ${id}`,
    resource: {
      cluster: 'c1',
      kind: 'ClusterRole',
      name: `role-${id}`,
      ...over,
    },
    labels: { team: 'a\u0000b' },
  };
}

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  const stores = storesFor(knex, { now: () => NOW });
  await stores.scans.registerClusters([{ name: 'c1', source: 'kubernetes' }]);
  return stores;
}

describe('the store boundary', () => {
  it.each(databases.eachSupportedId())(
    'stores findings and workloads whose names exceed the columns, distinct and findable, on %p',
    async (id: TestDatabaseId) => {
      const stores = await setUp(id);
      const scanId = await stores.scans.startScan('c1');
      const findings = [
        finding('f1', { name: `${LONG}-a`, kind: `Kind${LONG}` }),
        finding('f2', { name: `${LONG}-b`, kind: `Kind${LONG}` }),
        finding('f3', {
          kind: 'Deployment',
          namespace: `ns-${LONG}`,
          name: 'web',
          container: `c-${LONG}`,
        }),
      ];
      const summary = await stores.scans.writeScan(scanId, {
        cluster: 'c1',
        status: 'ok',
        findings,
        coverage: [],
        workloads: [
          {
            kind: 'Deployment',
            namespace: 'shop',
            name: `${LONG}-a`,
            labels: {},
          },
          {
            kind: 'Deployment',
            namespace: 'shop',
            name: `${LONG}-b`,
            labels: {},
          },
        ],
        ownerOf: () => undefined,
        unreadable: [],
        notes: [],
        objectCount: 3,
      });
      expect(summary.written).toBe(3);
      const open = await stores.findings.openFindings({ cluster: 'c1' });
      expect(open.map(f => f.id).sort()).toEqual(['f1', 'f2', 'f3']);
      const [a, b] = ['f1', 'f2'].map(i => open.find(f => f.id === i)!);
      expect(a.resource.name).not.toBe(b.resource.name);
      expect(a.resource.name.length).toBeLessThanOrEqual(512);
      expect(a.resource.name.startsWith('x'.repeat(100))).toBe(true);
      const workloads = await stores.scans.allWorkloads();
      expect(new Set(workloads.map(w => w.name)).size).toBe(2);
      const [cluster] = await stores.scans.listClusters();
      expect(cluster.lastScan?.status).toBe('ok');
    },
  );

  it.each(databases.eachSupportedId())(
    'stores text holding U+0000 in findings, notes and annotation exceptions, on %p',
    async (id: TestDatabaseId) => {
      const stores = await setUp(id);
      const scanId = await stores.scans.startScan('c1');
      await stores.scans.writeScan(scanId, {
        cluster: 'c1',
        status: 'partial',
        findings: [finding('f1', { name: 'evil\u0000name' })],
        coverage: [],
        workloads: [
          {
            kind: 'Deployment',
            namespace: 'shop',
            name: 'web\u0000',
            labels: { a: '\u0000' },
          },
        ],
        ownerOf: () => 'component:default/web',
        unreadable: [{ kind: 'ClusterRole', reason: 'forbidden \u0000' }],
        notes: ['a note \u0000'],
        objectCount: 1,
      });
      const [stored] = await stores.findings.openFindings({ cluster: 'c1' });
      expect(stored.message).not.toContain('\u0000');
      expect(stored.resource.name).toMatch(/^evil.name$/u);

      const synced = await stores.decisions.syncAnnotationExceptions('c1', [
        {
          entityRef: 'component:default/web',
          scope: 'check',
          itemId: 'workload-rbac-least-privilege',
          checkId: 'workload-rbac-least-privilege/wildcard-permissions',
          resource: {
            cluster: 'c1',
            kind: 'ClusterRole',
            name: 'evil\u0000name',
          },
          justification: 'accepted \u0000 until the migration',
          expiresAt: new Date('2027-01-31T00:00:00Z'),
          annotation: 'kube-security.io/accept.wildcard-permissions',
        },
      ]);
      expect(synced.created).toBe(1);
      const [exception] = await stores.decisions.activeExceptions();
      expect(exception.justification).not.toContain('\u0000');
      expect(exception.justification).toMatch(/^accepted . until/u);

      await stores.scans.failScan(
        await stores.scans.startScan('c1'),
        'c1',
        'the API said \u0000',
      );
      const [cluster] = await stores.scans.listClusters();
      expect(cluster.stale).toBe(true);
      expect(cluster.staleReason).not.toContain('\u0000');
    },
  );

  it.each(databases.eachSupportedId())(
    'lets two replicas write the aggregates at the same time, on %p',
    async (id: TestDatabaseId) => {
      const stores = await setUp(id);
      const summaries = (n: number, score: number): EntitySummary[] =>
        Array.from({ length: n }, (_, i) => ({
          entityRef: `component:default/c${i}`,
          title: `C ${i}`,
          ownerRefs: ['group:default/team'],
          clusters: ['c1'],
          score: {
            value: score,
            grade: 'B',
            coverage: 1,
            counts: {} as any,
          },
          openItems: 1,
        })) as unknown as EntitySummary[];
      const other = storesFor((stores.scans as unknown as { db: any }).db, {
        now: () => NOW,
      });
      for (let round = 0; round < 5; round++) {
        await Promise.all([
          stores.aggregates.writeAggregates(summaries(50, 80), []),
          other.aggregates.writeAggregates(summaries(50, 70), []),
        ]);
      }
      const written = await stores.aggregates.entitySummaries(
        summaries(50, 0).map(s => s.entityRef),
      );
      expect(written).toHaveLength(50);
    },
  );
});
