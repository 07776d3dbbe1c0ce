import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ALL_CHECKS, Check } from '@kube-security/plugin-kube-security-node';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { SnapshotDirectoryCollector } from '../collectors/SnapshotDirectoryCollector';
import { applyMigrations } from '../database/migrations';
import { Stores, storesFor } from '../database/stores';
import { EXAMPLES_DIR } from '../__testUtils__/exampleCatalog';
import { testServices } from '../__testUtils__/testServices';
import { clusterSources } from './ScanService';

/*
 * Issue 13, point 2: evidence that is missing (a check that throws, a file that cannot be
 * read) must make the scan partial and keep the earlier findings and annotation exceptions.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const NOW = new Date('2026-12-05T12:00:00Z');
const now = () => NOW;

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  const stores = storesFor(knex, { now });
  const dir = mkdtempSync(join(tmpdir(), 'kube-security-evidence-'));
  cpSync(resolve(EXAMPLES_DIR, 'clusters/eks-prod-eu'), dir, {
    recursive: true,
  });
  const [source] = await clusterSources([
    new SnapshotDirectoryCollector([
      { name: 'eks-prod-eu', provider: 'eks', directory: dir },
    ]),
  ]);
  const services = (checks: readonly Check[] = ALL_CHECKS) => {
    const built = testServices({
      stores,
      checks,
      now,
    });
    return built;
  };
  const first = services();
  await first.scans.registerSources([source]);
  await first.refreshCatalog();
  expect(await first.scans.scan(source)).toMatchObject({ status: 'ok' });
  return { stores, dir, source, services };
}

async function openIds(stores: Stores, checkId?: string) {
  return (await stores.findings.openFindings({ cluster: 'eks-prod-eu' }))
    .filter(f => !checkId || f.checkId === checkId)
    .map(f => f.id)
    .sort();
}

async function exceptionIds(stores: Stores) {
  return (await stores.decisions.activeExceptions()).map(e => e.id).sort();
}

async function coverageOf(stores: Stores, itemId: string) {
  const coverage = await stores.scans.coverageByCluster();
  return coverage.get('eks-prod-eu')?.find(c => c.itemId === itemId)?.coverage;
}

describe('missing evidence is not a fix', () => {
  it.each(databases.eachSupportedId())(
    'a check that throws makes the scan partial and keeps its open findings, on %p',
    async (id: TestDatabaseId) => {
      const { stores, dir, source, services } = await setUp(id);
      const before = await openIds(stores);
      const victim = (
        await stores.findings.openFindings({ cluster: 'eks-prod-eu' })
      ).find(f => f.status === 'fail')!;
      const victimIds = await openIds(stores, victim.checkId);
      expect(victimIds.length).toBeGreaterThan(0);

      const broken = ALL_CHECKS.map(c =>
        c.id === victim.checkId
          ? {
              ...c,
              run: () => {
                throw new Error('the check broke');
              },
            }
          : c,
      );
      const outcome = await services(broken).scans.scan(source);
      expect(outcome.status).toBe('partial');
      expect(await openIds(stores, victim.checkId)).toEqual(victimIds);
      expect(await openIds(stores)).toEqual(before);
      expect(await coverageOf(stores, victim.itemId)).not.toBe('full');
      const [cluster] = await stores.scans.listClusters();
      expect(cluster.lastScan?.status).toBe('partial');
      expect(cluster.lastScan?.error).toContain(victim.checkId);
      rmSync(dir, { recursive: true, force: true });
    },
  );

  it.each(databases.eachSupportedId())(
    'an unreadable manifest file keeps the findings and annotation exceptions it held, on %p',
    async (id: TestDatabaseId) => {
      const { stores, dir, source, services } = await setUp(id);
      const before = await openIds(stores);
      const exceptions = await exceptionIds(stores);
      expect(exceptions.length).toBeGreaterThan(0);
      const fromWorkloads = (
        await stores.findings.openFindings({ cluster: 'eks-prod-eu' })
      ).filter(f => f.itemId === 'workload-admission-policy');
      expect(fromWorkloads.length).toBeGreaterThan(0);

      writeFileSync(join(dir, 'workloads.yaml'), 'kind: [unclosed\n');
      const outcome = await services().scans.scan(source);
      expect(outcome.status).toBe('partial');
      expect(await openIds(stores)).toEqual(before);
      expect(await exceptionIds(stores)).toEqual(exceptions);
      expect(await coverageOf(stores, 'workload-admission-policy')).toBe(
        'partial',
      );
      rmSync(dir, { recursive: true, force: true });
    },
  );

  it.each(databases.eachSupportedId())(
    'an unreadable cloud descriptor keeps the cloud findings, on %p',
    async (id: TestDatabaseId) => {
      const { stores, dir, source, services } = await setUp(id);
      const cloud = (
        await stores.findings.openFindings({ cluster: 'eks-prod-eu' })
      ).filter(f => f.category === 'cloud' || f.category === 'cluster');
      expect(cloud.length).toBeGreaterThan(0);
      const before = await openIds(stores);

      writeFileSync(join(dir, 'cloud.json'), '{"cluster": ');
      const outcome = await services().scans.scan(source);
      expect(outcome.status).toBe('partial');
      expect(await openIds(stores)).toEqual(before);
      rmSync(dir, { recursive: true, force: true });
    },
  );
});
