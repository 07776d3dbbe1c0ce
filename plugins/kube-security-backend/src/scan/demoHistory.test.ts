import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { resolve } from 'path';
import { SnapshotDirectoryCollector } from '../collectors/SnapshotDirectoryCollector';
import { applyMigrations } from '../database/migrations';
import { storesFor } from '../database/stores';
import type { GradeChange, Notifier } from '../notify/Notifier';
import { testServices } from '../__testUtils__/testServices';
import { EXAMPLE_SNAPSHOTS } from '../__testUtils__/exampleCatalog';
import {
  HISTORY_INTERVAL_DAYS,
  ReplayClock,
  replayHistory,
} from './HistoryReplay';
import { clusterSources } from './ScanService';

/*
 * Issue 15, point 2: the example organisation looks like one. On the first start the demo
 * replays earlier versions of each example cluster (real files, backdated scans), so the
 * overview shows a spread of grades, and every team a trend and a history.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const WITH_HISTORY = EXAMPLE_SNAPSHOTS.map(s => ({
  ...s,
  history: resolve(s.directory, 'history'),
}));

describe('the demo with its snapshot history', () => {
  it.each(databases.eachSupportedId())(
    'shows a spread of grades, trends, five or more history points per team and grade drops, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const clock = new ReplayClock();
      const stores = storesFor(knex, { now: clock.now });
      const changes: GradeChange[] = [];
      const notifier = {
        gradeChanges: async (c: GradeChange[]) => {
          changes.push(...c);
          return 0;
        },
        queueNewCriticalFindings: async () => [],
        deliverQueued: async () => 0,
      } as unknown as Notifier;
      const services = testServices({
        stores,
        notifier,
        now: clock.now,
      });
      const collector = new SnapshotDirectoryCollector(WITH_HISTORY as any);
      const sources = await clusterSources([collector]);
      await services.scans.registerSources(sources);
      await services.refreshCatalog();

      const replay = () =>
        replayHistory({
          snapshots: WITH_HISTORY as any,
          collector,
          scans: services.scans,
          clock,
          logger: mockServices.logger.mock(),
        });
      expect(await replay()).toBe(true);
      const replayed = await services.scans.listClusters();
      // The newest version is a week old; the clock is back to the real time.
      for (const c of replayed) {
        const age = Date.now() - Date.parse(c.lastGoodScanAt!);
        expect(Math.round(age / (24 * 3600_000))).toBe(HISTORY_INTERVAL_DAYS);
      }
      for (const source of sources) await services.scans.scan(source);

      const { teams } = await stores.aggregates.queryTeams({
        offset: 0,
        limit: 50,
        sort: 'score',
        order: 'desc',
      });
      const grades = new Set(teams.map(t => t.score.grade));
      expect(grades.size).toBeGreaterThanOrEqual(3);
      expect(
        teams.some(t => t.score.grade === 'A' || t.score.grade === 'B'),
      ).toBe(true);
      expect(
        teams.some(t => t.score.grade === 'D' || t.score.grade === 'F'),
      ).toBe(true);
      for (const team of teams) {
        const history = await stores.aggregates.history(team.entityRef);
        expect(
          history.filter(p => p.score !== null).length,
        ).toBeGreaterThanOrEqual(5);
        expect(team.trend).not.toBeNull();
      }
      // Payments fixed its services week by week; storefront slipped.
      const trend = (name: string) => teams.find(t => t.name === name)!.trend!;
      expect(trend('payments')).toBeGreaterThan(0);
      const storefront = await stores.aggregates.history(
        'group:default/storefront',
      );
      expect(storefront[storefront.length - 1].score!).toBeLessThan(
        storefront[0].score!,
      );
      expect(
        changes.some(
          c =>
            c.teamRef === 'group:default/storefront' &&
            c.before !== null &&
            c.after !== null &&
            c.after > c.before,
        ),
      ).toBe(true);

      // Replayed once: clusters scanned already are not replayed again.
      const scans = await knex('kube_security_scans').count({ n: '*' });
      expect(await replay()).toBe(true);
      expect(await knex('kube_security_scans').count({ n: '*' })).toEqual(
        scans,
      );
    },
    180_000,
  );
});
