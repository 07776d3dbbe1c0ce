import { createHash } from 'crypto';
import { Knex } from 'knex';
import type { WriteScanSummary } from '../src/database/ScanStore';
import { storesFor } from '../src/database/stores';
import { applyMigrations } from '../src/database/migrations';
import { rowWrites } from '../src/__testUtils__/rowWrites';
import { copyTable, OpenDatabase } from './databases';
import { fmt, log, median, timed } from './measure';
import {
  churn,
  generateClusterScan,
  SyntheticScan,
  toScanResult,
} from './syntheticFindings';

/**
 * Part 1: persist one cluster's findings with the real ScanStore.writeScan, against
 * a plain chunked knex batchInsert of the very same rows into copies of the same tables
 * (same columns, same indexes, same database, same process), then rescan.
 */

const CLUSTER = 'eks-bench';
const BASELINE = {
  findings: 'kube_security_findings_baseline',
  workloads: 'kube_security_workloads_baseline',
  coverage: 'kube_security_item_coverage_baseline',
};
/** The store's own chunk size, so the baseline does the same number of statements. */
const BATCH = 500;

export interface PersistOptions {
  findings: number;
  rounds: number;
  churnFraction: number;
}

export interface PersistResult {
  database: string;
  findings: number;
  workloads: number;
  rounds: number;
  baselineMs: number[];
  writeScanMs: number[];
  /** Node CPU time of the same steps (the database server's is not included). */
  baselineCpuMs: number[];
  writeScanCpuMs: number[];
  firstScan: WriteScanSummary;
  rescanMs: number[];
  /** Node CPU time of each identical rescan. */
  rescanCpuMs: number[];
  rescan: WriteScanSummary;
  rescanCheck: {
    /** Every findings column, last-seen and last scan included, hashed before and after. */
    findingsUnchanged: boolean;
    /** Rows the identical rescan (startScan + writeScan) wrote, from knex's query events. */
    rowsWritten: number;
    rowsWrittenByTable: Record<string, number>;
    /** Open findings whose last-seen time, as the store reads it, is the rescan's. */
    readLastSeenAtRescan: number;
    rowsTotal: number;
    /** PostgreSQL's own count of tuples written to the findings table by the rescan. */
    pgTuples?: {
      inserted: number;
      updated: number;
      hotUpdated: number;
      deleted: number;
    };
    /** SQLite's count of rows changed by the rescan, every table included. */
    sqliteChanges?: number;
  };
  churnMs: number;
  churn: WriteScanSummary;
  churnExpected: { inserted: number; updated: number; resolved: number };
  dbSizeMb: number;
}

/** The rows writeScan inserts for a new cluster, built independently of the store. */
function baselineRows(scan: SyntheticScan, now: Date, scanId: number) {
  const findings = scan.findings.map(f => ({
    id: f.id,
    cluster: scan.cluster,
    check_id: f.checkId,
    item_id: f.itemId,
    category: f.category,
    status: f.status,
    severity: f.severity,
    message: f.message,
    kind: f.resource.kind,
    namespace: f.resource.namespace ?? null,
    name: f.resource.name,
    container: f.resource.container ?? null,
    evidence_path: f.evidencePath ?? null,
    labels: f.labels ? JSON.stringify(f.labels) : null,
    internet_exposed: Boolean(f.exposure?.internet),
    data_store: Boolean(f.exposure?.dataStore),
    entity_ref: scan.owners.get(f.id) ?? null,
    first_seen_at: now,
    last_seen_at: null,
    resolved_at: null,
    last_scan_id: scanId,
  }));
  const workloads = scan.workloads.map(w => ({
    cluster: scan.cluster,
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    labels: JSON.stringify(w.labels),
    entity_ref: w.entityRef ?? null,
  }));
  const coverage = scan.coverage.map(c => ({
    cluster: scan.cluster,
    item_id: c.itemId,
    coverage: c.coverage,
    checks_run: JSON.stringify(c.checksRun),
  }));
  return { findings, workloads, coverage };
}

const HASHED_COLUMNS = [
  'id',
  'cluster',
  'check_id',
  'item_id',
  'category',
  'status',
  'severity',
  'message',
  'kind',
  'namespace',
  'name',
  'container',
  'evidence_path',
  'labels',
  'internet_exposed',
  'data_store',
  'first_seen_at',
  'last_seen_at',
  'resolved_at',
  'last_scan_id',
  'entity_ref',
];

/** A digest of every findings column. */
async function hashFindings(knex: Knex): Promise<string> {
  const hash = createHash('sha256');
  const rows = await knex('kube_security_findings')
    .select(HASHED_COLUMNS)
    .orderBy('id');
  for (const row of rows) {
    hash.update(
      JSON.stringify(
        HASHED_COLUMNS.map(c => {
          const v = row[c];
          return v instanceof Date ? v.toISOString() : v;
        }),
      ),
    );
    hash.update('\n');
  }
  return hash.digest('hex');
}

async function pgTupleCounts(knex: Knex) {
  // Pending statistics reach shared memory when the backend next goes idle.
  await knex.raw('select pg_stat_force_next_flush()');
  const { rows } = await knex.raw(
    `select n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del from pg_stat_user_tables where relname = 'kube_security_findings'`,
  );
  const r = rows[0];
  return {
    inserted: Number(r.n_tup_ins),
    updated: Number(r.n_tup_upd),
    hotUpdated: Number(r.n_tup_hot_upd),
    deleted: Number(r.n_tup_del),
  };
}

async function sqliteTotalChanges(knex: Knex): Promise<number> {
  const [row] = await knex.raw('select total_changes() as n');
  return Number(row.n);
}

async function clearTables(knex: Knex) {
  for (const table of [
    'kube_security_findings',
    'kube_security_workloads',
    'kube_security_item_coverage',
    ...Object.values(BASELINE),
  ]) {
    await knex(table).delete();
  }
}

export async function runPersist(
  db: OpenDatabase,
  options: PersistOptions,
): Promise<PersistResult> {
  const { knex } = db;
  await applyMigrations(knex);
  let clock = new Date('2026-12-01T08:00:00Z');
  const stores = storesFor(knex, { now: () => clock });
  const store = stores.scans;
  await store.registerClusters([
    { name: CLUSTER, provider: 'eks', source: 'snapshot' },
  ]);
  await copyTable(db, 'kube_security_findings', BASELINE.findings);
  await copyTable(db, 'kube_security_workloads', BASELINE.workloads);
  await copyTable(db, 'kube_security_item_coverage', BASELINE.coverage);

  const scan = generateClusterScan({
    cluster: CLUSTER,
    findings: options.findings,
  });
  const result = toScanResult(scan);
  log(
    `  data: ${fmt(scan.findings.length)} findings on ${fmt(
      scan.workloads.length,
    )} workloads, ${fmt(
      new Set(scan.workloads.map(w => w.namespace)).size,
    )} namespaces, ${fmt(
      new Set(scan.findings.map(f => f.checkId)).size,
    )} checks`,
  );

  const baselineMs: number[] = [];
  const writeScanMs: number[] = [];
  const baselineCpuMs: number[] = [];
  const writeScanCpuMs: number[] = [];
  let firstScan: WriteScanSummary | undefined;
  for (let round = 0; round < options.rounds; round++) {
    await clearTables(knex);
    const scanId = await store.startScan(CLUSTER);
    const rows = baselineRows(scan, clock, scanId);
    const baseline = () =>
      timed(() =>
        knex.transaction(async tx => {
          await knex
            .batchInsert(BASELINE.findings, rows.findings, BATCH)
            .transacting(tx);
          await knex
            .batchInsert(BASELINE.workloads, rows.workloads, BATCH)
            .transacting(tx);
          await knex
            .batchInsert(BASELINE.coverage, rows.coverage, BATCH)
            .transacting(tx);
        }),
      );
    const real = () => timed(() => store.writeScan(scanId, result));
    // Alternate the order so that neither side always runs on a warmer database.
    let b: { ms: number; cpuMs: number };
    let w: { value: WriteScanSummary; ms: number; cpuMs: number };
    if (round % 2 === 0) {
      b = await baseline();
      w = await real();
    } else {
      w = await real();
      b = await baseline();
    }
    baselineMs.push(b.ms);
    writeScanMs.push(w.ms);
    baselineCpuMs.push(b.cpuMs);
    writeScanCpuMs.push(w.cpuMs);
    firstScan = w.value;
    log(
      `  round ${round + 1}: writeScan ${fmt(w.ms)} ms (CPU ${fmt(
        w.cpuMs,
      )}; inserted ${fmt(w.value.inserted)}), plain batchInsert ${fmt(
        b.ms,
      )} ms (CPU ${fmt(b.cpuMs)}), ratio ${(w.ms / b.ms).toFixed(2)}`,
    );
  }
  const [{ n: stored }] = await knex('kube_security_findings').count({
    n: '*',
  });
  const [{ n: copied }] = await knex(BASELINE.findings).count({ n: '*' });
  if (
    Number(stored) !== scan.findings.length ||
    Number(copied) !== scan.findings.length
  ) {
    throw new Error(
      `expected ${scan.findings.length} rows in both tables, got ${stored} and ${copied}`,
    );
  }

  // Identical rescans write no finding. The first one is checked row by row.
  const hashBefore = await hashFindings(knex);
  const pgBefore =
    db.kind === 'postgres' ? await pgTupleCounts(knex) : undefined;
  const changesBefore =
    db.kind === 'sqlite' ? await sqliteTotalChanges(knex) : undefined;
  const rescanMs: number[] = [];
  const rescanCpuMs: number[] = [];
  let rescan: WriteScanSummary | undefined;
  let rescanCheck: PersistResult['rescanCheck'] | undefined;
  for (let round = 0; round < options.rounds; round++) {
    clock = new Date(clock.getTime() + 3600_000);
    const writes = rowWrites(knex);
    const scanId = await store.startScan(CLUSTER);
    const { value, ms, cpuMs } = await timed(() =>
      store.writeScan(scanId, result),
    );
    writes.stop();
    rescanMs.push(ms);
    rescanCpuMs.push(cpuMs);
    log(
      `  identical rescan ${round + 1}: ${fmt(ms)} ms (CPU ${fmt(
        cpuMs,
      )}; inserted ${value.inserted}, updated ${value.updated}, resolved ${
        value.resolved
      })`,
    );
    if (round === 0) {
      rescan = value;
      const pgAfter = pgBefore ? await pgTupleCounts(knex) : undefined;
      const changesAfter =
        changesBefore !== undefined
          ? await sqliteTotalChanges(knex)
          : undefined;
      const hashAfter = await hashFindings(knex);
      const rescanAt = clock.toISOString();
      const seenNow = (
        await stores.findings.openFindings({ cluster: CLUSTER })
      ).filter(f => f.lastSeenAt === rescanAt).length;
      rescanCheck = {
        findingsUnchanged: hashAfter === hashBefore,
        rowsWritten: writes.rows(),
        rowsWrittenByTable: writes.byTable(),
        readLastSeenAtRescan: seenNow,
        rowsTotal: scan.findings.length,
        ...(pgBefore &&
          pgAfter && {
            pgTuples: {
              inserted: pgAfter.inserted - pgBefore.inserted,
              updated: pgAfter.updated - pgBefore.updated,
              hotUpdated: pgAfter.hotUpdated - pgBefore.hotUpdated,
              deleted: pgAfter.deleted - pgBefore.deleted,
            },
          }),
        ...(changesAfter !== undefined && {
          sqliteChanges: changesAfter - changesBefore!,
        }),
      };
      log(
        `    check: findings table ${
          rescanCheck.findingsUnchanged ? 'unchanged' : 'CHANGED'
        }; ${fmt(
          rescanCheck.rowsWritten,
        )} rows written (target < 100: ${JSON.stringify(
          rescanCheck.rowsWrittenByTable,
        )}); ${fmt(rescanCheck.readLastSeenAtRescan)}/${fmt(
          rescanCheck.rowsTotal,
        )} findings read back as last seen by this rescan${
          rescanCheck.pgTuples
            ? `; pg_stat: ${JSON.stringify(rescanCheck.pgTuples)}`
            : ''
        }${
          rescanCheck.sqliteChanges !== undefined
            ? `; sqlite total_changes: ${fmt(rescanCheck.sqliteChanges)}`
            : ''
        }`,
      );
    }
  }

  // A realistic next scan: some findings fixed, some reworded, some new.
  clock = new Date(clock.getTime() + 3600_000);
  const changed = churn(scan, options.churnFraction);
  const churnScanId = await store.startScan(CLUSTER);
  const churned = await timed(() =>
    store.writeScan(churnScanId, toScanResult(changed.scan)),
  );
  log(
    `  rescan with ${
      options.churnFraction * 100
    }% fixed / reworded / new: ${fmt(churned.ms)} ms (inserted ${
      churned.value.inserted
    }, updated ${churned.value.updated}, resolved ${churned.value.resolved})`,
  );

  return {
    database: db.description,
    findings: scan.findings.length,
    workloads: scan.workloads.length,
    rounds: options.rounds,
    baselineMs,
    writeScanMs,
    baselineCpuMs,
    writeScanCpuMs,
    firstScan: firstScan!,
    rescanMs,
    rescanCpuMs,
    rescan: rescan!,
    rescanCheck: rescanCheck!,
    churnMs: churned.ms,
    churn: churned.value,
    churnExpected: changed.expected,
    dbSizeMb: Math.round((await db.size()) / 1024 / 1024),
  };
}

export function summarizePersist(r: PersistResult): string[] {
  const b = median(r.baselineMs);
  const w = median(r.writeScanMs);
  const re = median(r.rescanMs);
  return [
    `persist ${fmt(r.findings)} findings (+${fmt(
      r.workloads,
    )} workload rows): writeScan median ${fmt(
      w,
    )} ms, plain batchInsert median ${fmt(b)} ms, ratio ${(w / b).toFixed(
      2,
    )} (target <= 1.5); Node CPU ${fmt(median(r.writeScanCpuMs))} vs ${fmt(
      median(r.baselineCpuMs),
    )} ms`,
    `identical rescan: median ${fmt(re)} ms (${(re / b).toFixed(
      3,
    )}x the plain insert, target < 0.10; Node CPU ${fmt(
      median(r.rescanCpuMs),
    )} ms, ${(median(r.rescanCpuMs) / median(r.baselineCpuMs)).toFixed(
      3,
    )}x the insert's); ${fmt(
      r.rescanCheck.rowsWritten,
    )} rows written (target < 100); inserted ${r.rescan.inserted}, updated ${
      r.rescan.updated
    }; findings table ${
      r.rescanCheck.findingsUnchanged ? 'unchanged' : 'CHANGED'
    }`,
    `rescan with churn: ${fmt(r.churnMs)} ms; inserted/updated/resolved ${
      r.churn.inserted
    }/${r.churn.updated}/${r.churn.resolved} (expected ${
      r.churnExpected.inserted
    }/${r.churnExpected.updated}/${r.churnExpected.resolved})`,
  ];
}
