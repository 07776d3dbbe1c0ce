import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import {
  gapsSeconds,
  recordingLogger,
  sleepSeconds,
  snapshotFolders,
  startReplica,
  storedScans,
} from './__testUtils__/replicaBackends';

/*
 * Two backends of the plugin on one PostgreSQL database, each with the real (database
 * backed) scheduler: the scan of each cluster is a global task, so one of the two replicas
 * runs it each interval. 20 clusters, several intervals.
 */

const CLUSTERS = 20;
const INTERVAL_S = 4;
const ROUNDS = 4;

const postgres =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const describeOnPostgres = postgres ? describe : describe.skip;

describeOnPostgres('two backends on one PostgreSQL', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  jest.setTimeout(180_000);

  it('scans every cluster once per interval, without deadlock or duplicate key, with one set of summaries', async () => {
    const knex = await databases.init('POSTGRES_15');
    const snapshots = snapshotFolders(CLUSTERS, INTERVAL_S);
    // Each replica has its own connection pool to the one database.
    const second: Knex = knexFactory({
      client: 'pg',
      connection: (knex.client as any).config.connection,
    });
    const replicas = [
      { db: knex, ...recordingLogger() },
      { db: second, ...recordingLogger() },
    ];
    const started = Date.now();
    // Started one after the other, as a rolling deploy does (the first runs the migrations).
    const backends = [];
    for (const r of replicas) {
      backends.push(await startReplica(r.db, r.logger, snapshots));
    }
    // Start-up delay (5 s), then half the rounds with both replicas; then the first one
    // stops (a deploy, a crash) and the second one carries on alone.
    await sleepSeconds(5 + (ROUNDS / 2) * INTERVAL_S + 1);
    await backends[0].stop();
    const scannedBeforeFailover = replicas.map(r => r.scanned.length);
    await sleepSeconds((ROUNDS / 2) * INTERVAL_S + 1);
    await backends[1].stop();
    // Scans under way when a backend stops end on their own: let them.
    await sleepSeconds(3);
    const elapsed = (Date.now() - started) / 1000;

    const scans = await storedScans(knex);
    const counts = snapshots.map(s => scans.byCluster.get(s.name)?.length ?? 0);
    const gaps = gapsSeconds(scans.byCluster);
    const statuses = scans.statuses;
    const [entityRows, entityRefs] = await Promise.all([
      knex('kube_security_entity_summaries').count({ n: '*' }),
      knex('kube_security_entity_summaries').countDistinct({
        n: 'entity_ref',
      }),
    ]);
    const [teamRows, teamRefs] = await Promise.all([
      knex('kube_security_team_summaries').count({ n: '*' }),
      knex('kube_security_team_summaries').countDistinct({ n: 'entity_ref' }),
    ]);
    const problems = replicas.flatMap(r => r.problems);
    const serious = problems.filter(p =>
      /deadlock|duplicate key|unique constraint|failed/i.test(p),
    );

    // The figures, for docs/reliability.md.
    // eslint-disable-next-line no-console
    console.log(
      JSON.stringify(
        {
          replicas: 2,
          clusters: CLUSTERS,
          intervalSeconds: INTERVAL_S,
          elapsedSeconds: Math.round(elapsed),
          scans: scans.count,
          scansByReplica: replicas.map(r => r.scanned.length),
          scansBeforeFailover: scannedBeforeFailover,
          statuses,
          scansPerCluster: {
            min: Math.min(...counts),
            max: Math.max(...counts),
          },
          gapSeconds: {
            min: Math.min(...gaps).toFixed(2),
            max: Math.max(...gaps).toFixed(2),
          },
          entitySummaries: Number(entityRows[0].n),
          teamSummaries: Number(teamRows[0].n),
          warningsAndErrors: problems.length,
          deadlocksOrDuplicateKeys: serious.length,
        },
        null,
        2,
      ),
    );

    // Every cluster was scanned, every interval, and never twice in one interval.
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(ROUNDS);
    expect(Math.max(...counts)).toBeLessThanOrEqual(
      Math.floor(elapsed / INTERVAL_S) + 1,
    );
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL_S - 0.5);
    // Both replicas took part: the second carried on alone after the first stopped.
    for (const r of replicas) expect(r.scanned.length).toBeGreaterThan(0);
    expect(replicas[1].scanned.length).toBeGreaterThan(
      scannedBeforeFailover[1],
    );
    // No cluster missed an interval, even across the failover.
    expect(Math.max(...gaps)).toBeLessThan(2 * INTERVAL_S);
    // No scan failed or was left running, nothing deadlocked or collided.
    expect(Object.keys(statuses).sort()).toEqual(['ok']);
    expect(serious).toEqual([]);
    // One set of summaries: one row per entity and per team.
    expect(Number(entityRows[0].n)).toBeGreaterThan(0);
    expect(Number(entityRows[0].n)).toBe(Number(entityRefs[0].n));
    expect(Number(teamRows[0].n)).toBeGreaterThan(0);
    expect(Number(teamRows[0].n)).toBe(Number(teamRefs[0].n));
    await second.destroy();
  });
});
