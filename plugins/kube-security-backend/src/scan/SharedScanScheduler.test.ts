import type {
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { applyMigrations } from '../database/migrations';
import { ReplicaStore } from '../database/ReplicaStore';
import {
  ClusterScanTask,
  durationMs,
  replicaTiming,
  SharedScanScheduler,
} from './SharedScanScheduler';
import { shareClusters } from './shareClusters';

/*
 * Issue 17, item 8: the replicas divide the clusters' scan tasks among themselves through
 * leases in the database. Backstage's scheduler is replaced here by a recorder of the
 * tasks each replica schedules (the real one runs in threeReplicas.test.ts).
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const CLUSTERS = Array.from(
  { length: 30 },
  (_, i) => `c${String(i + 1).padStart(2, '0')}`,
);
const HEARTBEAT_MS = 1000;
const LEASE_MS = 10_000;
/** The replicas' clock. */
let time = Date.parse('2026-12-06T00:00:00Z');

/** Records the global tasks a replica schedules, and runs one on demand. */
function recordingScheduler() {
  type Task = SchedulerServiceTaskInvocationDefinition &
    SchedulerServiceTaskScheduleDefinition;
  const tasks: Task[] = [];
  const scheduler = {
    scheduleTask: jest.fn(async (task: Task) => {
      tasks.push(task);
    }),
  } as unknown as SchedulerService;
  const live = () =>
    tasks.filter(t => t.scope === 'global' && !t.signal?.aborted);
  return {
    scheduler,
    tasks,
    /** The clusters whose task is scheduled and not stopped. */
    held: () =>
      live()
        .map(t => t.id.replace('scan:', ''))
        .sort(),
    taskOf: (cluster: string) => live().find(t => t.id === `scan:${cluster}`)!,
  };
}

function scanTask(
  cluster: string,
  fn: ClusterScanTask['fn'] = async () => {},
): ClusterScanTask {
  return {
    id: `scan:${cluster}`,
    frequency: { minutes: 10 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 5 },
    fn,
  };
}

class FlakyReplicaStore extends ReplicaStore {
  down = false;
  async renew(id: string, leaseMs: number): Promise<void> {
    if (this.down) throw new Error('connection refused');
    await super.renew(id, leaseMs);
  }
}

async function replica(
  store: ReplicaStore,
  id: string,
  clusters: string[] = CLUSTERS,
) {
  const recorder = recordingScheduler();
  const logger = mockServices.logger.mock();
  const shared = new SharedScanScheduler({
    scheduler: recorder.scheduler,
    replicas: store,
    logger,
    heartbeatMs: HEARTBEAT_MS,
    leaseMs: LEASE_MS,
    isActive: () => true,
    replicaId: id,
    now: () => time,
  });
  for (const c of clusters) await shared.add(c, scanTask(c));
  return { shared, logger, ...recorder };
}

/** Every replica re-divides, and again once tasks given away are released. */
async function settle(...replicas: Array<{ shared: SharedScanScheduler }>) {
  for (const r of replicas) await r.shared.rebalance();
  time += 1.5 * HEARTBEAT_MS;
  for (const r of replicas) await r.shared.rebalance();
}

describe('shareClusters', () => {
  it('gives each replica the same number of clusters, give or take one, whatever the order', () => {
    const owners = shareClusters(CLUSTERS, ['r2', 'r1', 'r3']);
    const reversed = shareClusters([...CLUSTERS].reverse(), ['r3', 'r1', 'r2']);
    expect(reversed).toEqual(owners);
    const counts = new Map<string, number>();
    for (const owner of owners.values()) {
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    expect([...counts.entries()].sort()).toEqual([
      ['r1', 10],
      ['r2', 10],
      ['r3', 10],
    ]);
    const uneven = shareClusters(CLUSTERS.slice(0, 7), ['a', 'b', 'c']);
    expect([...uneven.values()].filter(o => o === 'a')).toHaveLength(3);
    expect([...uneven.values()].filter(o => o === 'c')).toHaveLength(2);
  });

  it('refuses to share clusters among no replica', () => {
    expect(() => shareClusters(['c1'], [])).toThrow(/at least one replica/);
    expect(shareClusters([], [])).toEqual(new Map());
  });
});

describe('replica timing', () => {
  it('renews eight times per shortest interval, within bounds, and the lease outlasts four renewals', () => {
    expect(durationMs({ hours: 1, seconds: 30 })).toBe(3_630_000);
    expect(replicaTiming(durationMs({ hours: 1 }))).toEqual({
      heartbeatMs: 30_000,
      leaseMs: 120_000,
    });
    expect(replicaTiming(durationMs({ seconds: 4 }))).toEqual({
      heartbeatMs: 500,
      leaseMs: 10_000,
    });
    expect(replicaTiming(durationMs({ minutes: 2 }))).toEqual({
      heartbeatMs: 15_000,
      leaseMs: 60_000,
    });
  });

  it('refuses a lease that does not outlast the heartbeat', () => {
    expect(
      () =>
        new SharedScanScheduler({
          scheduler: recordingScheduler().scheduler,
          replicas: {} as ReplicaStore,
          logger: mockServices.logger.mock(),
          heartbeatMs: 1000,
          leaseMs: 1000,
          isActive: () => true,
        }),
    ).toThrow(/must outlast its heartbeat/);
  });
});

describe('SharedScanScheduler', () => {
  let knex: Knex;
  let store: ReplicaStore;

  async function init(id: TestDatabaseId) {
    knex = await databases.init(id);
    await applyMigrations(knex);
    store = new ReplicaStore(knex, () => new Date(time));
  }

  it.each(databases.eachSupportedId())(
    'divides 30 clusters among three replicas, ten each, every cluster held once, on %p',
    async id => {
      await init(id);
      const a = await replica(store, 'a');
      await a.shared.start();
      // Alone at first: every task, each waiting its initial delay.
      expect(a.held()).toEqual(CLUSTERS);
      expect(a.taskOf('c01').initialDelay).toEqual({ seconds: 5 });
      const b = await replica(store, 'b');
      const c = await replica(store, 'c');
      await b.shared.start();
      await c.shared.start();
      // a and b hold the clusters they gave away until the new owners hold them too.
      await a.shared.rebalance();
      await b.shared.rebalance();
      expect(a.held()).toEqual(CLUSTERS);
      // b: its ten, and five of the fifteen it held with a alone (given to c and a).
      expect(b.held()).toHaveLength(20);
      time += 1.5 * HEARTBEAT_MS - 1;
      await a.shared.rebalance();
      expect(a.held()).toEqual(CLUSTERS);
      time += 1;
      await a.shared.rebalance();
      await b.shared.rebalance();

      const held = [a, b, c].map(r => r.held());
      expect(held.map(h => h.length)).toEqual([10, 10, 10]);
      expect(held.flat().sort()).toEqual(CLUSTERS);
      // Joining running replicas: the tasks' stored schedule holds, no initial delay.
      expect(b.tasks.every(t => t.scope === 'local' || !t.initialDelay)).toBe(
        true,
      );
      expect(a.shared.owned()).toEqual(a.held());
      expect((await store.live()).map(r => r.id)).toEqual(['a', 'b', 'c']);
    },
  );

  it.each(databases.eachSupportedId())(
    'hands the share of a replica whose lease ran out, and of one that stopped, to the others, on %p',
    async id => {
      await init(id);
      const [a, b, c] = [
        await replica(store, 'a'),
        await replica(store, 'b'),
        await replica(store, 'c'),
      ];
      for (const r of [a, b, c]) await r.shared.start();
      await settle(a, b, c);
      const ofC = c.held();
      expect(ofC).toHaveLength(10);

      // c stops renewing (it died): while its lease holds, its clusters stay its own.
      time += LEASE_MS - 1;
      await a.shared.rebalance();
      await b.shared.rebalance();
      expect([...a.held(), ...b.held()].sort()).toEqual(
        CLUSTERS.filter(x => !ofC.includes(x)),
      );
      time += 2;
      // Taken over at once; the clusters a and b exchange, once the other holds them.
      await a.shared.rebalance();
      await b.shared.rebalance();
      expect([...a.held(), ...b.held()]).toEqual(expect.arrayContaining(ofC));
      await settle(a, b);
      expect([a.held().length, b.held().length]).toEqual([15, 15]);
      expect([...a.held(), ...b.held()].sort()).toEqual(CLUSTERS);

      // b stops (a deploy): its lease ends at once and a takes everything.
      await b.shared.stop();
      expect(b.held()).toEqual([]);
      expect((await store.live()).map(r => r.id)).toEqual(['a']);
      await a.shared.rebalance();
      expect(a.held()).toEqual(CLUSTERS);
      // A stopped replica renews nothing any more.
      await b.shared.rebalance();
      expect((await store.live()).map(r => r.id)).toEqual(['a']);
    },
  );

  it.each(databases.eachSupportedId())(
    'gives a task away only when its current run ends, on %p',
    async id => {
      await init(id);
      let finish = () => {};
      const running = new Promise<void>(done => {
        finish = done;
      });
      const a = await replica(store, 'a', ['c01', 'c02']);
      await a.shared.add(
        'c03',
        scanTask('c03', async () => {
          await running;
        }),
      );
      await a.shared.start();
      const task = a.taskOf('c03');
      const run = task.fn(new AbortController().signal);
      // b and c join: b takes c02, c takes c03 (the second and third of c01..c03).
      const b = await replica(store, 'b', ['c01', 'c02', 'c03']);
      const c = await replica(store, 'c', ['c01', 'c02', 'c03']);
      await b.shared.start();
      await c.shared.start();
      await settle(a);
      expect(a.shared.owned()).toEqual(['c01']);
      // c03's run goes on: its worker is stopped after the run, not during it.
      expect(task.signal?.aborted).toBe(false);
      finish();
      await run;
      expect(task.signal?.aborted).toBe(true);
      expect(a.taskOf('c02')).toBeUndefined();
      expect([b.held(), c.held()]).toEqual([['c02'], ['c03']]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps its tasks when the database cannot be reached, on %p',
    async id => {
      await init(id);
      const flaky = new FlakyReplicaStore(knex, () => new Date(time));
      const a = await replica(flaky, 'a');
      await a.shared.start();
      await (await replica(store, 'b')).shared.start();
      // a loses the database while b joined: a keeps what it holds (the scheduler's
      // claims keep each run single) and says so.
      flaky.down = true;
      await a.shared.rebalance();
      expect(a.held()).toEqual(CLUSTERS);
      expect(a.logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(/Could not renew .* connection refused/),
      );
      flaky.down = false;
      await settle(a);
      expect(a.held()).toHaveLength(15);
    },
  );

  it.each(databases.eachSupportedId())(
    'starts a scan offered a little early one interval after the previous one, a much earlier one at once, on %p',
    async id => {
      await init(id);
      const scans: string[] = [];
      const a = await replica(store, 'a', []);
      const task = (cluster: string, frequency: { seconds: number }) => ({
        ...scanTask(cluster, async (_signal, spaced) => {
          await spaced();
          scans.push(cluster);
        }),
        frequency,
      });
      await a.shared.add('moved', task('moved', { seconds: 3 }));
      await a.shared.add('by-hand', task('by-hand', { seconds: 60 }));
      await a.shared.add('due', task('due', { seconds: 3 }));
      await a.shared.start();
      await knex('kube_security_scans').insert([
        // Scanned 1 s ago by a replica that checks later: 2 s early here. Scanned by
        // hand 1 s ago (59 s early): at once.
        { cluster: 'moved', started_at: new Date(time - 1000), status: 'ok' },
        { cluster: 'by-hand', started_at: new Date(time - 1000), status: 'ok' },
        { cluster: 'due', started_at: new Date(time - 3000), status: 'ok' },
      ]);
      const run = async (cluster: string) => {
        const began = Date.now();
        await a.taskOf(cluster).fn(new AbortController().signal);
        return Date.now() - began;
      };
      expect(await run('due')).toBeLessThan(1000);
      expect(await run('by-hand')).toBeLessThan(1000);
      expect(await run('moved')).toBeGreaterThanOrEqual(1900);
      expect(scans).toEqual(['due', 'by-hand', 'moved']);
      expect(await store.lastScanStartedAt('moved')).toEqual(
        new Date(time - 1000),
      );
      expect(await store.lastScanStartedAt('never')).toBeUndefined();
    },
  );
});
