import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { PRIVILEGED_CART, scanHarness } from '../__testUtils__/scanHarness';

/*
 * A scan stopped while it collects (its task timed out, the backend shuts down) stores
 * nothing it collected: it ends failed with the reason, the cluster's last good findings
 * stay, and no scan is left running.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'a scan aborted after collection, on %p',
  (databaseId: TestDatabaseId) => {
    it('ends failed, stores nothing and leaves the last good findings', async () => {
      const h = await scanHarness(databases, databaseId);
      const before = await h.openIds();
      // A change that a stored scan would show.
      h.addFile('zz-cart-debug.yaml', PRIVILEGED_CART);
      const controller = new AbortController();
      const [collector] = h.source.collectors;
      const collect = collector.collect.bind(collector);
      jest
        .spyOn(collector, 'collect')
        .mockImplementationOnce(async (cluster, options) => {
          const contribution = await collect(cluster, options);
          // The collector finished, but the task's time ran out meanwhile.
          controller.abort(new Error('the scan timed out'));
          return contribution;
        });
      const writeScan = jest.spyOn(h.stores.scans, 'writeScan');

      const outcome = await h.services.scans.scan(h.source, controller.signal);

      expect(outcome.status).toBe('failed');
      expect(outcome.error).toMatch(
        /stopped after collection \(the scan timed out\); nothing was stored/,
      );
      expect(writeScan).not.toHaveBeenCalled();
      expect(await h.openIds()).toEqual(before);
      expect(await h.runningScans()).toBe(0);
      // Not aborted, the same scan stores the change.
      const next = await h.services.scans.scan(h.source);
      expect(next.status).toBe('ok');
      expect((await h.openIds()).length).toBeGreaterThan(before.length);
    });
  },
);
