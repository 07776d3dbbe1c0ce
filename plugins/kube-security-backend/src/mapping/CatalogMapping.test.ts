import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { SnapshotDirectoryCollector } from '../collectors/SnapshotDirectoryCollector';
import { applyMigrations } from '../database/migrations';
import { storesFor } from '../database/stores';
import {
  EXAMPLE_SNAPSHOTS,
  loadExampleCatalog,
} from '../__testUtils__/exampleCatalog';
import { clusterSources } from '../scan/ScanService';
import { testServices } from '../__testUtils__/testServices';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe('CatalogMapping', () => {
  it.each(databases.eachSupportedId())(
    're-maps findings when the catalog changes, without a rescan, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const stores = storesFor(knex);
      const store = stores.scans;
      let entities: Entity[] = loadExampleCatalog().filter(
        e => e.metadata.name !== 'recommendations',
      );
      const services = testServices({
        stores,
        loadEntities: async () => entities,
      });
      const collector = new SnapshotDirectoryCollector(
        EXAMPLE_SNAPSHOTS.filter(s => s.name === 'gke-analytics') as any,
      );
      const [source] = await clusterSources([collector]);
      await store.registerClusters([
        { name: source.name, provider: 'gke', source: 'snapshot' },
      ]);
      await services.refreshCatalog();
      expect(await services.scans.scan(source)).toMatchObject({
        cluster: 'gke-analytics',
        status: 'ok',
      });

      const unownedBefore = await stores.findings.countUnowned();
      const recommendations = loadExampleCatalog().find(
        e => e.metadata.name === 'recommendations',
      )!;
      const planBefore = await services.plans.entityPlan(recommendations);
      expect(planBefore.mapped).toBe(false);

      // The component appears in the catalog: its workloads' findings move to it.
      entities = [...entities, recommendations];
      expect(await services.refreshCatalog()).toBe(true);
      expect(await services.refreshCatalog()).toBe(false); // unchanged catalog: no work
      const planAfter = await services.plans.entityPlan(recommendations);
      expect(planAfter.mapped).toBe(true);
      const moved = planAfter.plan.items.flatMap(i => i.findings).length;
      expect(moved).toBeGreaterThan(0);
      expect(await stores.findings.countUnowned()).toBe(unownedBefore - moved);

      const data = await stores.aggregates.teamRollup('group:default/data');
      expect(data!.entityRefs).toContain('component:default/recommendations');
    },
  );
});
