import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Finding } from '@kube-security/plugin-kube-security-common';
import { ScanResult } from './ScanStore';
import { applyMigrations } from './migrations';
import { storesFor } from './stores';

/*
 * Condensed plan findings (FindingStore.planFindings) carry the oldest first-seen time of
 * the findings they stand for, read once per distinct time.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const WEB = 'component:default/web';

function finding(id: string, workload: string, checkId = 'check-a'): Finding {
  return {
    id,
    checkId: `workload-admission-policy/${checkId}`,
    itemId: 'workload-admission-policy',
    category: 'workload',
    status: 'fail',
    severity: 'high',
    message: `${checkId} on ${workload}`,
    resource: {
      cluster: 'c1',
      kind: 'Deployment',
      namespace: 'shop',
      name: workload,
    },
    exposure: { internet: false, dataStore: false },
  };
}

function scan(findings: Finding[]): ScanResult {
  return {
    cluster: 'c1',
    status: 'ok',
    findings,
    coverage: [
      { itemId: 'workload-admission-policy', coverage: 'full', checksRun: [] },
    ],
    workloads: [],
    ownerOf: () => WEB,
    unreadable: [],
    notes: [],
    objectCount: 3,
  };
}

describe('planFindings', () => {
  it.each(databases.eachSupportedId())(
    'gives each condensed finding the oldest first-seen time of its findings, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      let now = new Date('2026-11-01T10:00:00Z');
      const stores = storesFor(knex, { now: () => now });
      await stores.scans.registerClusters([{ name: 'c1', source: 'snapshot' }]);
      const write = async (findings: Finding[]) =>
        stores.scans.writeScan(
          await stores.scans.startScan('c1'),
          scan(findings),
        );

      await write([finding('a', 'cart'), finding('b', 'shop')]);
      now = new Date('2026-11-02T10:00:00Z');
      // A second check on cart joins its condensed finding; checkout is new.
      await write([
        finding('a', 'cart'),
        finding('b', 'shop'),
        finding('c', 'cart', 'check-b'),
        finding('d', 'checkout'),
      ]);

      const condensed = (await stores.findings.planFindings([WEB])).get(WEB)!;
      expect(
        condensed
          .map(f => [f.resource.name, f.firstSeenAt])
          .sort((x, y) => x[0]!.localeCompare(y[0]!)),
      ).toEqual([
        ['cart', '2026-11-01T10:00:00.000Z'],
        ['checkout', '2026-11-02T10:00:00.000Z'],
        ['shop', '2026-11-01T10:00:00.000Z'],
      ]);
    },
  );
});
