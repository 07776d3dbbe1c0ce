import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import {
  gapsSeconds,
  recordingLogger,
  scannedCluster,
  sleepSeconds,
  snapshotFolders,
  startReplica,
  STOPPED_SCAN,
  storedScans,
} from './__testUtils__/replicaBackends';
import { shareClusters } from './scan/shareClusters';

/*
 * Issue 17, item 8: three backends of the plugin on one database, each with Backstage's
 * real scheduler, share the scans of 30 clusters: each cluster is scanned once per
 * interval, and no replica runs more than half of the scans. Then one replica stops and
 * the two others carry on; and a replica that dies (its lease is no longer renewed) has
 * its clusters taken over when its lease runs out.
 *
 * On PostgreSQL each replica has its own connection pool, as separate machines would.
 * On SQLite (one file, one process) the three share one connection: a reduced run.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/**
 * Intervals are multiples of 5 s, the period at which Backstage's scheduler checks for
 * due tasks, so that each replica checks at the same point of every interval. They leave
 * room for a round of all the clusters on a busy two-core machine.
 */
const RUNS: Record<
  string,
  { clusters: number; rounds: number; intervalS: number }
> = {
  POSTGRES_15: { clusters: 30, rounds: 3, intervalS: 20 },
  SQLITE_3: { clusters: 12, rounds: 3, intervalS: 10 },
};

async function replicaPools(id: TestDatabaseId, count: number) {
  const knex = await databases.init(id);
  const pools: Knex[] = [knex];
  for (let i = 1; i < count; i++) {
    pools.push(
      id.startsWith('POSTGRES')
        ? knexFactory({
            client: 'pg',
            connection: (knex.client as any).config.connection,
          })
        : knex,
    );
  }
  return {
    knex,
    pools,
    close: () => Promise.all(pools.slice(1).map(p => p.destroy())),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

describe('three backends on one database', () => {
  jest.setTimeout(240_000);

  it.each(databases.eachSupportedId())(
    'share the scans: each cluster once per interval, no replica more than half, on %p',
    async id => {
      const {
        clusters: CLUSTERS,
        rounds: ROUNDS,
        intervalS: INTERVAL_S,
      } = RUNS[id];
      const { knex, pools, close } = await replicaPools(id, 3);
      const snapshots = snapshotFolders(CLUSTERS, INTERVAL_S);
      const replicas = pools.map(db => ({ db, ...recordingLogger() }));
      const started = Date.now();
      // One after the other, as a rolling deploy (the first applies the migrations).
      const backends: Array<Awaited<ReturnType<typeof startReplica>>> = [];
      for (const r of replicas) {
        backends.push(await startReplica(r.db, r.logger, snapshots));
      }
      const startedAll = Date.now();
      // Start-up delay (5 s), then the rounds with all three replicas.
      await sleepSeconds(5 + ROUNDS * INTERVAL_S + 1);
      const threeUntil = Date.now();
      const byReplica = replicas.map(r => r.scanned.map(scannedCluster));
      // The third replica stops (a deploy): the two others take its clusters over.
      // A backend that stops aborts the scans it runs (they store nothing).
      const stops: Array<[number, number]> = [];
      const stop = async (...which: number[]) => {
        const from = Date.now();
        for (const i of which) await backends[i].stop();
        stops.push([from, Date.now()]);
      };
      await stop(2);
      await sleepSeconds(2 * INTERVAL_S + 1);
      await stop(0, 1);
      await sleepSeconds(3);
      const elapsed = (Date.now() - started) / 1000;

      const { count, byCluster, statuses, failed } = await storedScans(knex);
      const counts = snapshots.map(s => byCluster.get(s.name)?.length ?? 0);
      const gaps = gapsSeconds(byCluster);
      const perReplica = byReplica.map(names => names.length);
      const total = perReplica.reduce((a, b) => a + b, 0);
      // Each round: from the first scan's start to the last one's end.
      const roundSeconds = Array.from({ length: ROUNDS }, (_, k) => {
        const runs = [...byCluster.values()].map(r => r[k]);
        return (
          (Math.max(...runs.map(r => r.end)) -
            Math.min(...runs.map(r => r.start))) /
          1000
        );
      });
      const ofThird = new Set(byReplica[2]);
      const takenOver = [...ofThird].filter(c =>
        byCluster.get(c)!.some(r => r.start > threeUntil + 500),
      );
      const problems = replicas.flatMap(r => r.problems);
      const serious = problems.filter(
        p =>
          /deadlock|duplicate key|unique constraint|SQLITE_BUSY/i.test(p) ||
          (/failed/i.test(p) && !STOPPED_SCAN.test(p)),
      );
      // Failed scans: only those under way when their backend stopped (its scheduler
      // stops its tasks shortly after the backend's stop() returns).
      const notStopped = failed.filter(
        f =>
          !STOPPED_SCAN.test(f.error) ||
          !stops.some(([from, to]) => f.start <= to + 5000 && f.end >= from),
      );

      // The figures, for docs/benchmarks.md.
      // eslint-disable-next-line no-console
      console.log(
        JSON.stringify({
          database: id,
          replicas: 3,
          clusters: CLUSTERS,
          intervalSeconds: INTERVAL_S,
          startSeconds: (startedAll - started) / 1000,
          elapsedSeconds: Math.round(elapsed),
          scans: count,
          scansByReplicaWithThree: perReplica,
          largestShare: +(Math.max(...perReplica) / total).toFixed(3),
          secondsToScanAllPerRound: roundSeconds.map(s => +s.toFixed(2)),
          statuses,
          scansPerCluster: {
            min: Math.min(...counts),
            max: Math.max(...counts),
          },
          gapSeconds: {
            min: +Math.min(...gaps).toFixed(2),
            max: +Math.max(...gaps).toFixed(2),
          },
          clustersOfThirdTakenOver: `${takenOver.length} of ${ofThird.size}`,
          warningsAndErrors: problems.length,
          firstProblems: problems.slice(0, 3),
        }),
      );

      // Shared: every replica scanned, none more than half.
      for (const n of perReplica) expect(n).toBeGreaterThan(0);
      expect(Math.max(...perReplica)).toBeLessThanOrEqual(total / 2);
      // Every cluster scanned in every interval and never twice in one.
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(ROUNDS + 2);
      expect(Math.max(...counts)).toBeLessThanOrEqual(
        Math.floor(elapsed / INTERVAL_S) + 1,
      );
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL_S - 0.5);
      expect(Math.max(...gaps)).toBeLessThan(2 * INTERVAL_S);
      // A round of all the clusters ends within its interval.
      expect(median(roundSeconds)).toBeLessThan(INTERVAL_S);
      // The stopped replica's clusters went on being scanned.
      expect(ofThird.size).toBeGreaterThan(0);
      expect(takenOver.sort()).toEqual([...ofThird].sort());
      expect(notStopped).toEqual([]);
      expect(failed.length).toBeLessThanOrEqual(CLUSTERS);
      expect(serious).toEqual([]);
      await close();
    },
  );

  it.each(databases.eachSupportedId())(
    'take over the clusters of a replica whose lease ran out, on %p',
    async id => {
      const CLUSTERS = 12;
      const INTERVAL_S = 10;
      const LEASE_S = 15;
      const { knex, pools, close } = await replicaPools(id, 2);
      const snapshots = snapshotFolders(CLUSTERS, INTERVAL_S);
      const replicas = pools.map(db => ({ db, ...recordingLogger() }));
      const backends = [];
      for (const r of replicas) {
        backends.push(await startReplica(r.db, r.logger, snapshots));
      }
      await sleepSeconds(5 + INTERVAL_S + 1);
      // A third replica that then dies: it held a lease, which it renews no more.
      const live: Array<{ id: string }> = await knex('kube_security_replicas');
      const joined = Date.now();
      const expires = joined + LEASE_S * 1000;
      await knex('kube_security_replicas').insert({
        id: 'zz-dead-replica',
        lease_expires_at: new Date(expires),
      });
      await sleepSeconds(LEASE_S + 2 * INTERVAL_S + 1);
      const stopping = Date.now();
      await Promise.all(backends.map(b => b.stop()));
      await sleepSeconds(3);

      const { byCluster, failed } = await storedScans(knex);
      const owners = shareClusters(
        snapshots.map(s => s.name),
        [...live.map(r => r.id), 'zz-dead-replica'],
      );
      const ofDead = snapshots
        .map(s => s.name)
        .filter(c => owners.get(c) === 'zz-dead-replica');
      // Each of the dead replica's clusters: its first scan after the lease ran out.
      const takeover = ofDead.map(c => {
        const next = byCluster.get(c)!.find(r => r.start > expires);
        return next ? (next.start - expires) / 1000 : Infinity;
      });
      // While the lease held, its clusters were not scanned (but for a run taken just
      // before the others saw it, started within 5 s).
      const scannedWhileHeld = ofDead.filter(c =>
        byCluster
          .get(c)!
          .some(r => r.start > joined + 5000 && r.start < expires),
      );
      const others = snapshots
        .map(s => s.name)
        .filter(c => !ofDead.includes(c));
      const gapsOfOthers = gapsSeconds(
        new Map(others.map(c => [c, byCluster.get(c)!])),
      );
      // eslint-disable-next-line no-console
      console.log(
        JSON.stringify({
          database: id,
          leaseSeconds: LEASE_S,
          clustersOfDeadReplica: ofDead.length,
          secondsFromLeaseEndToScan: takeover.map(s => +s.toFixed(2)),
          failed: failed.length,
        }),
      );

      expect(live).toHaveLength(2);
      expect(ofDead).toHaveLength(CLUSTERS / 3);
      expect(scannedWhileHeld).toEqual([]);
      // Taken over within a heartbeat and one interval of the lease's end.
      for (const s of takeover) expect(s).toBeLessThan(INTERVAL_S + 1.5);
      // The other clusters missed no interval meanwhile.
      expect(Math.max(...gapsOfOthers)).toBeLessThan(2 * INTERVAL_S);
      expect(
        failed.filter(f => !STOPPED_SCAN.test(f.error) || f.end < stopping),
      ).toEqual([]);
      await close();
    },
  );
});
