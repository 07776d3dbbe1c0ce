import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { SnapshotDirectoryCollector } from '../collectors/SnapshotDirectoryCollector';
import { applyMigrations } from '../database/migrations';
import { storesFor } from '../database/stores';
import {
  EXAMPLE_SNAPSHOTS,
  loadExampleCatalog,
} from '../__testUtils__/exampleCatalog';
import { testServices } from '../__testUtils__/testServices';
import { clusterSources } from './ScanService';

/*
 * Issue 13, point 5: a cluster removed from the configuration is retired: its findings
 * stay visible but no longer count in any score, and are pruned after the configured
 * number of days.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const DAY = 24 * 3600_000;

describe('clusters removed from the configuration', () => {
  it.each(databases.eachSupportedId())(
    'are retired (shown, not scored) and pruned after the retention, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      let time = Date.parse('2026-12-05T12:00:00Z');
      const now = () => new Date(time);
      const stores = storesFor(knex, { now });
      const services = testServices({
        stores,
        retiredClusterRetentionDays: 30,
        now,
      });
      const sources = await clusterSources([
        new SnapshotDirectoryCollector(
          EXAMPLE_SNAPSHOTS.filter(s => s.name !== 'aks-shared') as any,
        ),
      ]);
      await services.scans.registerSources(sources);
      await services.refreshCatalog();
      for (const source of sources) await services.scans.scan(source);
      const platform = 'group:default/platform';
      expect((await stores.aggregates.teamRollup(platform))!.clusters).toEqual([
        'eks-prod-eu',
        'gke-analytics',
      ]);
      const gkeFindings = await stores.findings.openFindings({
        cluster: 'gke-analytics',
      });
      expect(gkeFindings.length).toBeGreaterThan(0);
      const gkeResource = 'resource:default/gke-analytics';
      expect(
        await stores.aggregates.entitySummaries([gkeResource]),
      ).toHaveLength(1);

      // The next deployment configures eks-prod-eu only.
      const eksOnly = sources.filter(s => s.name === 'eks-prod-eu');
      await services.scans.registerSources(eksOnly);
      expect(
        await services.retirement.retireUnconfigured(eksOnly.map(s => s.name)),
      ).toEqual(['gke-analytics']);

      const clusters = await services.scans.listClusters();
      expect(clusters.map(c => [c.name, c.retiredAt ?? null])).toEqual([
        ['eks-prod-eu', null],
        ['gke-analytics', new Date(time).toISOString()],
      ]);
      // Shown: the findings are still stored and listed.
      expect(
        await stores.findings.openFindings({ cluster: 'gke-analytics' }),
      ).toHaveLength(gkeFindings.length);
      // Not scored: the summaries no longer count the cluster.
      expect((await stores.aggregates.teamRollup(platform))!.clusters).toEqual([
        'eks-prod-eu',
      ]);
      expect(await stores.aggregates.entitySummaries([gkeResource])).toEqual(
        [],
      );
      const gkeEntity = loadExampleCatalog().find(
        e => e.metadata.name === 'gke-analytics',
      )!;
      const plan = await services.plans.entityPlan(gkeEntity);
      expect(plan.mapped).toBe(false);
      expect(plan.plan.items.flatMap(i => i.findings)).toEqual([]);

      // Within the retention nothing is pruned; after it, the cluster goes.
      time += 29 * DAY;
      expect(await services.retirement.prune()).toEqual([]);
      expect(
        await stores.findings.openFindings({ cluster: 'gke-analytics' }),
      ).toHaveLength(gkeFindings.length);
      time += 2 * DAY;
      expect(await services.retirement.prune()).toEqual(['gke-analytics']);
      expect(
        await stores.findings.openFindings({ cluster: 'gke-analytics' }),
      ).toEqual([]);
      expect((await services.scans.listClusters()).map(c => c.name)).toEqual([
        'eks-prod-eu',
      ]);
    },
    60_000, // several scans on a shared, loaded machine
  );

  it.each(databases.eachSupportedId())(
    'a cluster configured again is no longer retired, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const stores = storesFor(knex);
      const services = testServices({
        stores,
      });
      await stores.scans.registerClusters([
        { name: 'a', source: 'snapshot' },
        { name: 'b', source: 'snapshot' },
      ]);
      expect(await services.retirement.retireUnconfigured(['a'])).toEqual([
        'b',
      ]);
      // Retiring again changes nothing; configuring it again un-retires it.
      expect(await services.retirement.retireUnconfigured(['a'])).toEqual([]);
      await stores.scans.registerClusters([{ name: 'b', source: 'snapshot' }]);
      expect(
        (await services.scans.listClusters()).map(c => c.retiredAt ?? null),
      ).toEqual([null, null]);
      // A replica still on the old configuration retires it during a rolling deploy;
      // the next scan by a replica that has it configured brings it back.
      expect(await services.retirement.retireUnconfigured(['a'])).toEqual([
        'b',
      ]);
      await stores.scans.startScan('b');
      expect(
        (await services.scans.listClusters()).map(c => c.retiredAt ?? null),
      ).toEqual([null, null]);
    },
    60_000, // several scans on a shared, loaded machine
  );
});
