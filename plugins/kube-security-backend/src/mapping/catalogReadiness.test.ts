import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { SnapshotDirectoryCollector } from '../collectors/SnapshotDirectoryCollector';
import { applyMigrations } from '../database/migrations';
import { Stores, storesFor } from '../database/stores';
import {
  EXAMPLE_SNAPSHOTS,
  loadExampleCatalog,
} from '../__testUtils__/exampleCatalog';
import { ClusterSource, clusterSources } from '../scan/ScanService';
import { testServices } from '../__testUtils__/testServices';

/*
 * Issue 13, point 1: a replica that cannot read the catalog must not map, revoke or
 * recompute against an empty catalog. It uses the last good mapping stored in the
 * database, or waits when there is none.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const NOW = new Date('2026-12-05T12:00:00Z');
const now = () => NOW;

function replica(stores: Stores, loadEntities: () => Promise<Entity[]>) {
  return testServices({
    stores,
    loadEntities,
    now,
  });
}

const unreadable = async (): Promise<Entity[]> => {
  throw new Error('catalog answered 503');
};

async function eksSource(): Promise<ClusterSource> {
  const [source] = await clusterSources([
    new SnapshotDirectoryCollector(
      EXAMPLE_SNAPSHOTS.filter(s => s.name === 'eks-prod-eu') as any,
    ),
  ]);
  return source;
}

/** A fresh database and the example EKS cluster's source. */
async function freshDatabase(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  return { stores: storesFor(knex, { now }), source: await eksSource() };
}

/**
 * A fresh database where a first replica registered the EKS cluster, read the example
 * catalog (`changed`: whether that was a change) and scanned once (`scan`).
 */
async function scannedOnce(id: TestDatabaseId) {
  const { stores, source } = await freshDatabase(id);
  const first = replica(stores, async () => loadExampleCatalog());
  await first.scans.registerSources([source]);
  const changed = await first.refreshCatalog();
  const scan = await first.scans.scan(source);
  return { stores, source, changed, scan };
}

async function storedState(stores: Stores) {
  const open = await stores.findings.openFindings();
  const exceptions = await stores.decisions.activeExceptions();
  const teams = await stores.aggregates.queryTeams({
    offset: 0,
    limit: 100,
    sort: 'name',
    order: 'asc',
  });
  return {
    owners: Object.fromEntries(open.map(f => [f.id, f.entityRef ?? null])),
    exceptions: exceptions.map(e => e.id).sort(),
    teams: teams.teams.map(t => [t.entityRef, t.score.value, t.entityCount]),
  };
}

describe('catalog readiness', () => {
  it.each(databases.eachSupportedId())(
    'a new replica whose catalog read fails scans and recomputes with the stored mapping, on %p',
    async (id: TestDatabaseId) => {
      const { stores, source, changed, scan } = await scannedOnce(id);
      expect(changed).toBe(true);
      expect(scan).toMatchObject({ status: 'ok' });
      const before = await storedState(stores);
      expect(
        Object.values(before.owners).filter(Boolean).length,
      ).toBeGreaterThan(0);
      expect(before.exceptions.length).toBeGreaterThan(0);
      expect(before.teams.length).toBeGreaterThan(0);

      // A second replica starts while the catalog answers with errors.
      const second = replica(stores, unreadable);
      await expect(second.refreshCatalog()).rejects.toThrow(
        'catalog answered 503',
      );
      expect(await second.scans.scan(source)).toMatchObject({ status: 'ok' });
      await second.recompute.run();
      const after = await storedState(stores);
      expect(after).toEqual(before);
      const audit = await stores.decisions.auditTrail({
        offset: 0,
        limit: 100,
      });
      expect(audit.events.filter(e => e.action === 'exception.revoke')).toEqual(
        [],
      );
    },
    60_000, // several scans on a shared, loaded machine
  );

  it.each(databases.eachSupportedId())(
    'without any good catalog read, a scan waits and a recompute writes nothing, on %p',
    async (id: TestDatabaseId) => {
      const { stores, source } = await freshDatabase(id);
      let catalogUp = false;
      const services = replica(stores, async () => {
        if (!catalogUp) throw new Error('catalog answered 503');
        return loadExampleCatalog();
      });
      await services.scans.registerSources([source]);
      await stores.aggregates.writeAggregates(
        [],
        [
          {
            summary: {
              entityRef: 'group:default/platform',
              name: 'platform',
              score: { value: 50, grade: 'D', coverage: 1 } as any,
              trend: null,
              openByCategory: { cloud: 0, cluster: 1, workload: 0, image: 0 },
              entityCount: 1,
            },
            clusters: [],
            providers: [],
            entityRefs: [],
            topActions: [],
            categories: [],
          },
        ],
      );

      expect(await services.scans.scan(source)).toMatchObject({
        cluster: 'eks-prod-eu',
        status: 'deferred',
      });
      expect(await stores.findings.openFindings()).toEqual([]);
      const [cluster] = await stores.scans.listClusters();
      expect(cluster.lastScan).toBeUndefined();
      expect(cluster.stale).toBe(false);
      await services.recompute.run();
      expect([...(await stores.aggregates.teamGrades()).keys()]).toEqual([
        'group:default/platform',
      ]);

      // Once the catalog answers, the scan maps findings to their owners.
      catalogUp = true;
      expect(await services.refreshCatalog()).toBe(true);
      expect(await services.scans.scan(source)).toMatchObject({ status: 'ok' });
      const owned = (await stores.findings.openFindings()).filter(
        f => f.entityRef === 'resource:default/eks-prod-eu',
      );
      expect(owned.length).toBeGreaterThan(0);
    },
    60_000, // several scans on a shared, loaded machine
  );

  it.each(databases.eachSupportedId())(
    'maps once per catalog change across replicas, on %p',
    async (id: TestDatabaseId) => {
      const { stores, changed: first } = await scannedOnce(id);
      expect(first).toBe(true);

      const remap = jest.spyOn(stores.scans, 'remap');
      let catalog = loadExampleCatalog().filter(
        e => e.metadata.name !== 'payments-api',
      );
      const b = replica(stores, async () => catalog);
      const c = replica(stores, async () => catalog);
      const changed = await Promise.all([
        b.refreshCatalog(),
        c.refreshCatalog(),
      ]);
      expect(changed.filter(Boolean)).toHaveLength(1);
      expect(remap).toHaveBeenCalledTimes(1);
      expect(
        (await stores.findings.openFindings()).filter(
          f => f.entityRef === 'component:default/payments-api',
        ),
      ).toEqual([]);

      // The same catalog read again by the first replica: nothing to do.
      catalog = loadExampleCatalog().filter(
        e => e.metadata.name !== 'payments-api',
      );
      const d = replica(stores, async () => catalog);
      expect(await d.refreshCatalog()).toBe(false);
      expect(remap).toHaveBeenCalledTimes(1);
    },
    60_000, // several scans on a shared, loaded machine
  );

  it.each(databases.eachSupportedId())(
    'four replicas reading three catalog changes at once map each change once, on %p',
    async (id: TestDatabaseId) => {
      const { stores } = await scannedOnce(id);

      const remap = jest.spyOn(stores.scans, 'remap');
      const removed = ['payments-api', 'cart-service', 'storefront-web'];
      let catalog: Entity[] = loadExampleCatalog();
      const replicas = [1, 2, 3, 4].map(() =>
        replica(stores, async () => catalog),
      );
      for (const [round, name] of removed.entries()) {
        catalog = loadExampleCatalog().filter(
          e => !removed.slice(0, round + 1).includes(e.metadata.name),
        );
        const changed = await Promise.all(
          replicas.map(r => r.refreshCatalog()),
        );
        expect(changed.filter(Boolean)).toHaveLength(1);
        expect(remap).toHaveBeenCalledTimes(round + 1);
        expect(
          (await stores.findings.openFindings()).filter(
            f => f.entityRef === `component:default/${name}`,
          ),
        ).toEqual([]);
      }
    },
    60_000, // several scans on a shared, loaded machine
  );
});
