import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { SnapshotDirectoryCollector } from '../collectors/SnapshotDirectoryCollector';
import { DecisionStore } from '../database/DecisionStore';
import { KubeSecurityStore } from '../database/KubeSecurityStore';
import { applyMigrations } from '../database/migrations';
import {
  EXAMPLE_SNAPSHOTS,
  loadExampleCatalog,
} from '../__testUtils__/exampleCatalog';
import { KubeSecurityService } from './KubeSecurityService';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe('KubeSecurityService', () => {
  it.each(databases.eachSupportedId())(
    're-maps findings when the catalog changes, without a rescan, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const store = new KubeSecurityStore(knex);
      let entities: Entity[] = loadExampleCatalog().filter(
        e => e.metadata.name !== 'recommendations',
      );
      const service = new KubeSecurityService({
        store,
        decisions: new DecisionStore(knex),
        maxExceptionDays: 180,
        logger: mockServices.logger.mock(),
        engineOptions: {},
        loadEntities: async () => entities,
      });
      const collector = new SnapshotDirectoryCollector(
        EXAMPLE_SNAPSHOTS.filter(s => s.name === 'gke-analytics') as any,
      );
      const [source] = await KubeSecurityService.clusterSources([collector]);
      await store.registerClusters([
        { name: source.name, provider: 'gke', source: 'snapshot' },
      ]);
      await service.refreshCatalog();
      expect(await service.scan(source)).toMatchObject({
        cluster: 'gke-analytics',
        status: 'ok',
      });

      const unownedBefore = await store.countUnowned();
      const recommendations = loadExampleCatalog().find(
        e => e.metadata.name === 'recommendations',
      )!;
      const planBefore = await service.entityPlan(recommendations);
      expect(planBefore.mapped).toBe(false);

      // The component appears in the catalog: its workloads' findings move to it.
      entities = [...entities, recommendations];
      expect(await service.refreshCatalog()).toBe(true);
      expect(await service.refreshCatalog()).toBe(false); // unchanged catalog: no work
      const planAfter = await service.entityPlan(recommendations);
      expect(planAfter.mapped).toBe(true);
      const moved = planAfter.plan.items.flatMap(i => i.findings).length;
      expect(moved).toBeGreaterThan(0);
      expect(await store.countUnowned()).toBe(unownedBefore - moved);

      const data = await store.teamSummary('group:default/data');
      expect(JSON.parse(data.summary).entityRefs).toContain(
        'component:default/recommendations',
      );
    },
  );
});
