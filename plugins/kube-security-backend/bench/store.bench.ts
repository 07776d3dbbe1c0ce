/*
 * Store benchmark (issue 4): how the real store and service behave at scale.
 *
 *   1. persist: 100k findings of one cluster through ScanStore.writeScan, against a
 *      plain knex batchInsert of the same rows into copies of the same tables in the same
 *      database and run; then identical rescans (verified: no finding row written; rows
 *      written counted from knex's query events) and a rescan with some churn.
 *   2. overview: 1,000 teams, 20,000 Components and ~1M findings over 10 clusters written
 *      through ScanService.scan (real engine, mapping, writeScan, aggregates); the
 *      time and memory of each phase; a rescan changing 1% of one cluster's findings, with
 *      the incremental recompute it triggers against a full recompute of the same data;
 *      then GET /teams latency (p50, p95) over HTTP through the real router, with a mix of
 *      sorts, filters, searches and pages.
 *
 * Run from the package folder with Node 22 (`yarn bench:store`, or
 * `node bench/run.cjs [options]`). Each part runs on each database in its own Node
 * process, so peak RSS belongs to that part alone. Options:
 *
 *   --db sqlite,postgres      databases (default both; PostgreSQL is skipped when unreachable)
 *   --part persist,overview   parts (default both)
 *   --pg <url>                PostgreSQL server (default $KUBE_SECURITY_BENCH_PG, then
 *                             $BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, then
 *                             postgresql://postgres:kube-security-test@127.0.0.1:54329);
 *                             a database is created for each part and dropped after it
 *   --findings <n>            part 1 size (100000)        --rounds <n>    repetitions (3)
 *   --teams <n> (1000)  --entities <n> (20000)  --clusters <n> (10)
 *   --overview-findings <n> (1000000)  --requests <n> /teams requests measured (400)
 *   --history-days <n>        days of score history seeded for every entity and team
 *                             before the scans, as after a quarter in production (90)
 *   --quick                   small sizes, to check that everything runs
 *   --json                    also print every figure as JSON at the end
 *   --dump <prefix>           overview: write the aggregates and finding owners, times
 *                             masked, to <prefix>.<db>.txt (to compare two code versions)
 *   --cpu-profile <prefix>    overview: write V8 CPU profiles of the incremental and the full
 *                             recompute after the rescan to <prefix>.<db>.<phase>.cpuprofile
 *
 * Nothing is asserted about speed: the figures are printed, with ratios measured in the same
 * run, and recorded in docs/benchmarks.md with the machine they came from.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { cpus, loadavg, tmpdir, totalmem } from 'os';
import { join } from 'path';
import {
  BenchDatabase,
  DEFAULT_PG,
  openDatabase,
  postgresReachable,
} from './databases';
import { fmt, log, median } from './measure';
import { OverviewResult, runOverview } from './overview';
import { PersistResult, runPersist, summarizePersist } from './persist';

type Part = 'persist' | 'overview';

interface Args {
  dbs: BenchDatabase[];
  parts: Part[];
  pg: string;
  findings: number;
  rounds: number;
  churn: number;
  teams: number;
  entities: number;
  clusters: number;
  overviewFindings: number;
  requests: number;
  historyDays: number;
  json: boolean;
  dump?: string;
  cpuProfile?: string;
  child?: { part: Part; db: BenchDatabase; result: string };
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    dbs: ['sqlite', 'postgres'],
    parts: ['persist', 'overview'],
    pg: DEFAULT_PG,
    findings: 100_000,
    rounds: 3,
    churn: 0.01,
    teams: 1000,
    entities: 20_000,
    clusters: 10,
    overviewFindings: 1_000_000,
    requests: 400,
    historyDays: 90,
    json: false,
  };
  const number = (v: string) => {
    const n = Number(v.replace(/k$/i, '000').replace(/m$/i, '000000'));
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`not a positive number: ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--db':
        args.dbs = value().split(',') as BenchDatabase[];
        break;
      case '--part':
        args.parts = value().split(',') as Part[];
        break;
      case '--pg':
        args.pg = value();
        break;
      case '--findings':
        args.findings = number(value());
        break;
      case '--rounds':
        args.rounds = number(value());
        break;
      case '--churn':
        args.churn = Number(value());
        break;
      case '--teams':
        args.teams = number(value());
        break;
      case '--entities':
        args.entities = number(value());
        break;
      case '--clusters':
        args.clusters = number(value());
        break;
      case '--overview-findings':
        args.overviewFindings = number(value());
        break;
      case '--requests':
        args.requests = number(value());
        break;
      case '--history-days':
        args.historyDays = Number(value());
        break;
      case '--quick':
        Object.assign(args, {
          findings: 10_000,
          rounds: 2,
          teams: 100,
          entities: 2000,
          clusters: 3,
          overviewFindings: 30_000,
          requests: 200,
          historyDays: 30,
        });
        break;
      case '--json':
        args.json = true;
        break;
      case '--dump':
        args.dump = value();
        break;
      case '--cpu-profile':
        args.cpuProfile = value();
        break;
      case '--child': {
        const [part, db] = value().split(':') as [Part, BenchDatabase];
        args.child = { part, db, result: '' };
        break;
      }
      case '--result':
        args.child!.result = value();
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  for (const db of args.dbs) {
    if (db !== 'sqlite' && db !== 'postgres')
      throw new Error(`--db takes sqlite and/or postgres, not ${db}`);
  }
  for (const part of args.parts) {
    if (part !== 'persist' && part !== 'overview')
      throw new Error(`--part takes persist and/or overview, not ${part}`);
  }
  return args;
}

/** Runs one part on one database, in this process, and writes its figures to a file. */
async function runChild(args: Args) {
  const { part, db: kind, result } = args.child!;
  // The persist part reads PostgreSQL's statistics of its own backend: one connection.
  const db = await openDatabase(kind, {
    pg: args.pg,
    poolMax: part === 'persist' ? 1 : 5,
  });
  const load = () =>
    loadavg()
      .map(l => l.toFixed(1))
      .join(' ');
  log(`\n## ${part} on ${db.description} (load average ${load()})`);
  try {
    const figures =
      part === 'persist'
        ? await runPersist(db, {
            findings: args.findings,
            rounds: args.rounds,
            churnFraction: args.churn,
          })
        : await runOverview(db, {
            teams: args.teams,
            entities: args.entities,
            clusters: args.clusters,
            findings: args.overviewFindings,
            requests: args.requests,
            historyDays: args.historyDays,
            dump: args.dump && `${args.dump}.${kind}.txt`,
            cpuProfile: args.cpuProfile && `${args.cpuProfile}.${kind}`,
            churn: args.churn,
          });
    log(`  (load average at the end ${load()})`);
    writeFileSync(result, JSON.stringify(figures));
  } finally {
    await db.dispose();
  }
}

function summarizeOverview(r: OverviewResult): string[] {
  const teams = r.latency[0];
  const scans = r.scans;
  const phase = (name: string) => r.phases.find(p => p.phase === name)!;
  const lastScan = scans[scans.length - 1];
  return [
    `${fmt(r.teams)} teams, ${fmt(r.entities)} components, ${fmt(
      r.findings,
    )} findings in ${r.clusters} clusters (${fmt(
      r.unownedFindings,
    )} unowned), DB ${fmt(r.dbSizeMb)} MB`,
    `scans: collect+engine ${fmt(
      scans.reduce((s, x) => s + x.engineMs, 0) / 1000,
      1,
    )} s, writeScan ${fmt(
      scans.reduce((s, x) => s + x.writeScanMs, 0) / 1000,
      1,
    )} s (median ${fmt(
      median(scans.map(s => s.writeScanMs)),
    )} ms per cluster), recompute after each scan ${fmt(
      scans.reduce((s, x) => s + x.recomputeMs, 0) / 1000,
      1,
    )} s (last one ${fmt(lastScan.recomputeMs)} ms)`,
    `recompute alone at full size: ${fmt(
      phase('recompute aggregates alone').ms,
    )} ms, peak RSS ${
      phase('recompute aggregates alone').peakRssMb
    } MB; catalog change: ${fmt(
      phase('catalog change (remap + recompute)').ms,
    )} ms; process max RSS ${r.maxRssMb} MB`,
    `after a rescan changing 1% of one cluster's findings (${
      phase('rescan with 1% of findings changed (writeScan)').detail
    }): incremental recompute ${fmt(
      phase('incremental recompute after it').ms,
    )} ms (target < 1,000 ms), full recompute ${fmt(
      phase('full recompute of the same data').ms,
    )} ms, ratio ${(
      phase('incremental recompute after it').ms /
      phase('full recompute of the same data').ms
    ).toFixed(3)}`,
    `  incremental recompute by stage: ${
      phase('incremental recompute after it').detail
    }`,
    `  full recompute by stage: ${
      phase('full recompute of the same data').detail
    }`,
    `GET /teams over ${teams.requests} requests: p50 ${teams.p50.toFixed(
      1,
    )} ms, p95 ${teams.p95.toFixed(1)} ms (target p95 < 150 ms)`,
    ...r.latency
      .slice(1)
      .map(
        l =>
          `${l.route}: p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(
            1,
          )} ms, ${fmt(l.meanBytes / 1024, 1)} KB`,
      ),
    ...scorecardRatios(r.latency),
    ...categoryRatio(r.latency),
  ];
}

/** GET /teams with a category against the way it was answered before, same requests and run. */
function categoryRatio(latency: OverviewResult['latency']): string[] {
  const now = latency.find(l => l.route === 'GET /teams (category filter)');
  const before = latency.find(l => l.route.startsWith('GET /before/teams'));
  if (!now || !before) return [];
  return [
    `GET /teams with a category / before: p50 ${fmt(now.p50, 1)} / ${fmt(
      before.p50,
      1,
    )} ms = ${(now.p50 / before.p50).toFixed(3)}x, p95 ${fmt(
      now.p95,
      1,
    )} / ${fmt(before.p95, 1)} ms = ${(now.p95 / before.p95).toFixed(
      3,
    )}x (target p95 < 150 ms)`,
  ];
}

/** The root scorecard's pages against the unpaged baseline of the same run (issue 17 item 4). */
function scorecardRatios(latency: OverviewResult['latency']): string[] {
  const root = latency.filter(l => l.route.includes('(root'));
  const before = root.find(l => l.route.includes('before paging'));
  if (!before) return [];
  return root
    .filter(l => l !== before)
    .map(
      l =>
        `${l.route.replace(/^GET \S+ /, '')} / before paging: p95 ${fmt(
          l.p95,
        )} / ${fmt(before.p95)} ms = ${(l.p95 / before.p95).toFixed(
          3,
        )}x, size ${fmt(l.meanBytes / 1024, 1)} / ${fmt(
          before.meanBytes / 1024,
          1,
        )} KB = ${(l.meanBytes / before.meanBytes).toFixed(
          3,
        )}x (targets: p95 < 150 ms, < 200 KB)`,
    );
}

async function main() {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(
      `${(e as Error).message} (options: see bench/store.bench.ts)\n`,
    );
    process.exitCode = 2;
    return;
  }
  if (args.child) {
    await runChild(args);
    return;
  }

  log(
    `Kube Security store benchmark: ${new Date().toISOString()}, Node ${
      process.version
    }, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${fmt(
      totalmem() / 1024 ** 3,
      1,
    )} GB RAM`,
  );
  const dbs = [...args.dbs];
  if (dbs.includes('postgres')) {
    const problem = await postgresReachable(args.pg);
    if (problem) {
      log(
        `PostgreSQL at ${args.pg.replace(
          /:[^:@/]*@/,
          ':***@',
        )} is not reachable (${problem}); skipping it`,
      );
      dbs.splice(dbs.indexOf('postgres'), 1);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'kube-security-bench-results-'));
  const results: Array<{
    part: Part;
    db: BenchDatabase;
    figures?: unknown;
    failed?: number;
  }> = [];
  try {
    for (const part of args.parts) {
      for (const db of dbs) {
        const result = join(dir, `${part}-${db}.json`);
        const sizes = {
          '--findings': args.findings,
          '--rounds': args.rounds,
          '--churn': args.churn,
          '--teams': args.teams,
          '--entities': args.entities,
          '--clusters': args.clusters,
          '--overview-findings': args.overviewFindings,
          '--requests': args.requests,
          '--history-days': args.historyDays,
          '--pg': args.pg,
          ...(args.dump && { '--dump': args.dump }),
          ...(args.cpuProfile && { '--cpu-profile': args.cpuProfile }),
        };
        const child = spawnSync(
          process.execPath,
          [
            ...process.execArgv,
            __filename,
            ...Object.entries(sizes).flatMap(([flag, v]) => [flag, String(v)]),
            '--child',
            `${part}:${db}`,
            '--result',
            result,
          ],
          { stdio: 'inherit' },
        );
        if (child.status !== 0) {
          results.push({ part, db, failed: child.status ?? -1 });
          continue;
        }
        results.push({
          part,
          db,
          figures: JSON.parse(readFileSync(result, 'utf8')),
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  log('\n## Summary');
  for (const r of results) {
    log(`\n${r.part} on ${r.db}:`);
    if (r.failed !== undefined) {
      log(`  FAILED (exit ${r.failed})`);
      continue;
    }
    const lines =
      r.part === 'persist'
        ? summarizePersist(r.figures as PersistResult)
        : summarizeOverview(r.figures as OverviewResult);
    for (const line of lines) log(`  ${line}`);
  }
  if (args.json) log(`\n${JSON.stringify(results, null, 2)}`);
  if (results.some(r => r.failed !== undefined)) process.exitCode = 1;
}

main().catch(e => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exitCode = 1;
});
