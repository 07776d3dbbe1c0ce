import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { PRIVILEGED_CART, scanHarness } from '../__testUtils__/scanHarness';

/*
 * Issue 13, point 3: whatever throws after collection (evaluation, mapping, the write, the
 * annotation sync, the recompute, the notifications), the scan ends failed and the cluster
 * stale with the reason; no scan stays `running`, no finding is lost, and the owners still
 * hear of new critical findings.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

type Harness = Awaited<ReturnType<typeof scanHarness>>;

/** Each step that can throw after collection, and how to make it throw once. */
const STEPS: Array<[string, (h: Harness) => void]> = [
  ['evaluation', h => void (h.engine.broken = true)],
  [
    'mapping',
    h =>
      jest
        .spyOn(h.services.mapping, 'mapWorkloads')
        .mockRejectedValueOnce(new Error('mapping broke')),
  ],
  [
    'write',
    h =>
      jest
        .spyOn(h.stores.scans, 'writeScan')
        .mockRejectedValueOnce(new Error('write broke')),
  ],
  [
    'annotation sync',
    h =>
      jest
        .spyOn(h.stores.decisions, 'syncAnnotationExceptions')
        .mockRejectedValueOnce(new Error('sync broke')),
  ],
  [
    'recompute',
    h =>
      jest
        .spyOn(h.services.recompute, 'run')
        .mockRejectedValueOnce(new Error('recompute broke')),
  ],
  [
    'notification queue',
    h =>
      jest
        .spyOn(h.stores.notifications, 'enqueueNew')
        .mockRejectedValueOnce(new Error('outbox broke')),
  ],
];

describe('failures after collection', () => {
  afterEach(() => jest.restoreAllMocks());

  for (const [step, breakIt] of STEPS) {
    it.each(databases.eachSupportedId())(
      `a failing ${step} fails the scan, marks the cluster stale and loses no finding or notification, on %p`,
      async (id: TestDatabaseId) => {
        const h = await scanHarness(databases, id);
        const before = await h.openIds();
        h.addFile('debug.yaml', PRIVILEGED_CART);
        breakIt(h);

        const outcome = await h.services.scans.scan(h.source);
        expect(outcome.status).toBe('failed');
        expect(outcome.error).toMatch(/broke/);
        expect(await h.runningScans()).toBe(0);
        const cluster = await h.cluster();
        expect(cluster.stale).toBe(true);
        expect(cluster.staleReason).toMatch(/broke/);
        expect(cluster.lastScan?.status).toBe('failed');
        // Nothing the cluster had is lost (what the write stored is kept either way).
        const after = await h.openIds();
        expect(after).toEqual(expect.arrayContaining(before));
        h.engine.broken = false;

        // The next scan recovers; the owners hear of the new critical finding exactly once.
        expect((await h.services.scans.scan(h.source)).status).toBe('ok');
        await h.notifier.retryPending();
        expect((await h.cluster()).stale).toBe(false);
        const told = h.notifications.sent.filter(n =>
          String(n.payload.title).startsWith('New critical security finding'),
        );
        expect(told).toHaveLength(1);
        expect(told[0].payload.description).toMatch(/privileged/i);
      },
    );
  }
});

describe('a scan cut short by a stopped backend', () => {
  it.each(databases.eachSupportedId())(
    'is failed with the reason by the next scan of its cluster, on %p',
    async (id: TestDatabaseId) => {
      const h = await scanHarness(databases, id);
      const before = await h.openIds();
      // A replica started a scan and was killed before it ended.
      await h.stores.scans.startScan('eks-prod-eu');
      expect(await h.runningScans()).toBe(1);

      expect((await h.services.scans.scan(h.source)).status).toBe('ok');
      expect(await h.runningScans()).toBe(0);
      const rows = await h
        .knex('kube_security_scans')
        .where({ status: 'failed' })
        .select('error');
      expect(rows).toHaveLength(1);
      expect(rows[0].error).toMatch(/never finished/);
      expect(await h.openIds()).toEqual(before);
    },
  );
});
