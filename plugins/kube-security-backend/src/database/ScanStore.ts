import type {
  ActionItemId,
  ClusterStatus,
  Coverage,
  Finding,
  ItemEvaluation,
  Provider,
  ResourceRef,
  ScanStatus,
} from '@kube-security/plugin-kube-security-common';
import { Knex } from 'knex';
import { COLUMN, fitNullable, fitText, withoutNul } from './storedText';
import { FindingOwnerKey, FindingStore } from './FindingStore';
import {
  DAY_MS,
  ID_CHUNK,
  INSERT_CHUNK,
  KEY_CHUNK,
  TABLES,
  WorkloadRow,
  workloadFromRow,
  chunks,
  toIso,
} from './tables';
import { workloadListDigest } from './workloadListDigest';

/** A workload seen in a scan, for catalog mapping. */
export interface WorkloadRecord {
  kind: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  entityRef?: string;
}

export interface ScanResult {
  cluster: string;
  status: 'ok' | 'partial';
  findings: Finding[];
  coverage: ItemEvaluation[];
  workloads: WorkloadRecord[];
  /** Owner of each finding (by finding id); absent means unowned. */
  ownerOf: (finding: Finding) => string | undefined;
  unreadable: Array<{ kind: string; reason: string }>;
  /** Checks that threw: their disappeared findings stay open. */
  failedChecks?: Array<{ checkId: string; error: string }>;
  notes: string[];
  objectCount: number;
}

export interface WriteScanSummary {
  scanId: number;
  /** Findings this scan saw. */
  written: number;
  /** Rows inserted (new findings). */
  inserted: number;
  /** Rows whose content changed or that came back after being resolved. */
  updated: number;
  resolved: number;
  carriedOver: number;
  /** Ids of the findings this scan inserted (never seen before). */
  newFindingIds: string[];
  /**
   * Entities whose open findings or workloads this scan changed: the plans an incremental
   * recompute rebuilds (`Recompute.run({ entities })`).
   */
  changedEntityRefs: string[];
}

export interface StoreOptions {
  /** Resolved findings older than this are dropped at the next scan. */
  resolvedRetentionDays: number;
  /** The clock; tests pass their own. */
  now: () => Date;
}

/** `undefined` (every entity) once, or the given refs a chunk at a time. */
function refChunks(
  entityRef: string | string[] | undefined,
): Array<string[] | undefined> {
  if (entityRef === undefined) return [undefined];
  return chunks(Array.isArray(entityRef) ? entityRef : [entityRef], ID_CHUNK);
}

export interface ClusterRegistration {
  name: string;
  provider?: Provider;
  source: string;
}

/**
 * Clusters, scans and what a scan leaves besides findings: item coverage and workloads.
 * A scan's results (findings included, through the finding store) are written in one
 * transaction.
 */
export class ScanStore {
  private readonly options: StoreOptions;
  private readonly now: () => Date;

  constructor(
    readonly db: Knex,
    private readonly findings: FindingStore,
    options?: Partial<StoreOptions>,
  ) {
    this.options = {
      resolvedRetentionDays: 30,
      now: () => new Date(),
      ...options,
    };
    this.now = this.options.now;
  }

  /** Makes configured clusters known (so they are listed before their first scan). */
  async registerClusters(clusters: ClusterRegistration[]): Promise<void> {
    const now = this.now();
    for (const cluster of clusters) {
      await this.db(TABLES.clusters)
        .insert({
          name: cluster.name,
          provider: cluster.provider ?? null,
          source: cluster.source,
          stale: false,
          updated_at: now,
          retired_at: null,
        })
        .onConflict('name')
        // Configured again: no longer retired.
        .merge(['provider', 'source', 'updated_at', 'retired_at']);
    }
  }

  /**
   * Records that a scan started; returns its id. A scan of the cluster still `running` can
   * only be one whose backend stopped (scans of a cluster never overlap): it is failed
   * with the reason, so no scan stays `running` across restarts.
   */
  async startScan(cluster: string): Promise<number> {
    await this.db(TABLES.scans).where({ cluster, status: 'running' }).update({
      status: 'failed',
      finished_at: this.now(),
      error:
        'The scan never finished: its backend stopped, or it outlived its time limit',
    });
    const [row] = await this.db(TABLES.scans)
      .insert({ cluster, started_at: this.now(), status: 'running' })
      .returning('id');
    const id = typeof row === 'object' ? row.id : row;
    // A cluster scanned is configured (on this replica at least): not retired.
    await this.db(TABLES.clusters)
      .where({ name: cluster })
      .update({ last_scan_id: id, updated_at: this.now(), retired_at: null });
    return id;
  }

  /**
   * A failed scan: the cluster is marked stale with the reason, and its findings, coverage
   * and workloads are left exactly as the last good scan wrote them.
   */
  async failScan(
    scanId: number,
    cluster: string,
    error: string,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(TABLES.scans)
        .where({ id: scanId })
        .update({
          status: 'failed',
          finished_at: this.now(),
          error: withoutNul(error),
        });
      await tx(TABLES.clusters)
        .where({ name: cluster })
        .update({
          stale: true,
          stale_reason: withoutNul(error),
          updated_at: this.now(),
        });
    });
  }

  /**
   * Replaces a cluster's current findings with a scan's, in one transaction. Findings keep
   * their first-seen time across scans; findings that disappeared are marked resolved. On a
   * partial scan, the previous open findings of items this scan could not fully see are
   * carried over instead of being resolved, so missing evidence never looks like a fix.
   */
  async writeScan(
    scanId: number,
    result: ScanResult,
    hooks: {
      /**
       * Runs inside the scan's transaction once the findings are written, with the ids of
       * the new ones (e.g. to queue notifications that must not be lost or sent for
       * findings that were never stored).
       */
      inTransaction?: (
        tx: Knex.Transaction,
        newFindingIds: string[],
      ) => Promise<void>;
    } = {},
  ): Promise<WriteScanSummary> {
    const now = this.now();
    const retentionCutoff = new Date(
      now.getTime() - this.options.resolvedRetentionDays * DAY_MS,
    );
    const seeing = new Map<ActionItemId, Coverage>(
      result.coverage.map(c => [c.itemId, c.coverage]),
    );
    const failed = result.failedChecks ?? [];
    const failedIds = new Set(failed.map(f => f.checkId));
    const problems = [
      ...result.unreadable.map(u => `${u.kind}: ${u.reason}`),
      ...failed.map(f => `check ${f.checkId}: ${f.error}`),
    ];
    return this.db.transaction(async tx => {
      const findings = await this.findings.replaceClusterFindings(tx, {
        scanId,
        cluster: result.cluster,
        findings: result.findings,
        ownerOf: result.ownerOf,
        blind: (itemId, checkId) =>
          failedIds.has(checkId) ||
          (result.status === 'partial' &&
            seeing.get(itemId as ActionItemId) !== 'full'),
        now,
        retentionCutoff,
      });

      await this.replaceCoverage(tx, result.cluster, result.coverage);
      const workloads = await this.replaceWorkloads(
        tx,
        result.cluster,
        result.workloads,
      );
      await hooks.inTransaction?.(tx, findings.insertedIds);

      await tx(TABLES.scans)
        .where({ id: scanId })
        .update({
          status: result.status,
          finished_at: now,
          unreadable_kinds: result.unreadable.length
            ? JSON.stringify(result.unreadable.map(u => u.kind))
            : null,
          error: problems.length ? withoutNul(problems.join('; ')) : null,
          notes: JSON.stringify(result.notes),
          object_count: result.objectCount,
          finding_count: findings.written,
        });
      await tx(TABLES.clusters).where({ name: result.cluster }).update({
        last_good_scan_id: scanId,
        last_good_scan_at: now,
        findings_digest: findings.findingsDigest,
        workloads_digest: workloads.digest,
        stale: false,
        stale_reason: null,
        updated_at: now,
      });
      return {
        scanId,
        written: findings.written,
        inserted: findings.insertedIds.length,
        updated: findings.updated,
        resolved: findings.resolved,
        carriedOver: findings.carriedOver,
        newFindingIds: findings.insertedIds,
        changedEntityRefs: [
          ...new Set([...findings.changedEntityRefs, ...workloads.owners]),
        ].sort(),
      };
    });
  }

  /**
   * Makes the stored item coverage of a cluster equal to a scan's, writing only the items
   * whose coverage changed.
   */
  private async replaceCoverage(
    tx: Knex.Transaction,
    cluster: string,
    coverage: ItemEvaluation[],
  ): Promise<void> {
    const previous = new Map<string, { coverage: string; checks_run: string }>(
      (
        await tx(TABLES.coverage)
          .where({ cluster })
          .select('item_id', 'coverage', 'checks_run')
      ).map(row => [row.item_id, row]),
    );
    const current = new Set<string>();
    const inserts: Record<string, unknown>[] = [];
    for (const c of coverage) {
      if (current.has(c.itemId)) continue;
      current.add(c.itemId);
      const values = {
        coverage: c.coverage,
        checks_run: JSON.stringify(c.checksRun),
      };
      const before = previous.get(c.itemId);
      if (!before) {
        inserts.push({ cluster, item_id: c.itemId, ...values });
      } else if (
        before.coverage !== values.coverage ||
        before.checks_run !== values.checks_run
      ) {
        await tx(TABLES.coverage)
          .where({ cluster, item_id: c.itemId })
          .update(values);
      }
    }
    const gone = [...previous.keys()].filter(id => !current.has(id));
    for (const chunk of chunks(gone, ID_CHUNK)) {
      await tx(TABLES.coverage)
        .where({ cluster })
        .whereIn('item_id', chunk)
        .delete();
    }
    for (const chunk of chunks(inserts, INSERT_CHUNK)) {
      await tx(TABLES.coverage).insert(chunk);
    }
  }

  /**
   * Makes the stored workloads of a cluster equal to a scan's, writing only the difference
   * (as for findings), so an unchanged rescan rewrites no workload row. Returns the
   * entities whose workloads were added, changed or removed, and the digest of the
   * workloads for the cluster row: the same digest as the last good scan's, with as many
   * rows as workloads (none deleted behind the store's back, no workload listed twice),
   * means no row to read or write.
   */
  private async replaceWorkloads(
    tx: Knex.Transaction,
    cluster: string,
    scanned: WorkloadRecord[],
  ): Promise<{ owners: Set<string>; digest: string }> {
    // Stored as the columns hold them, so that a rescan finds its rows again.
    const workloads = scanned.map(w => ({
      ...w,
      kind: fitText(w.kind, COLUMN.workloadKind),
      namespace: fitText(w.namespace, COLUMN.namespace),
      name: fitText(w.name, COLUMN.name),
      entityRef: fitNullable(w.entityRef, COLUMN.entityRef) ?? undefined,
    }));
    const digest = workloadListDigest(workloads);
    const stored = await tx(TABLES.clusters)
      .where({ name: cluster })
      .first('workloads_digest');
    if (
      digest === (stored?.workloads_digest ?? null) &&
      (await this.countWorkloads(tx, cluster)) === workloads.length
    ) {
      return { owners: new Set(), digest };
    }
    const key = (w: { kind: string; namespace: string; name: string }) =>
      `${w.kind}\u0000${w.namespace}\u0000${w.name}`;
    const previous = new Map<
      string,
      { labels: string | null; entity_ref: string | null }
    >();
    for (const row of await tx(TABLES.workloads)
      .where({ cluster })
      .select('kind', 'namespace', 'name', 'labels', 'entity_ref')) {
      previous.set(key(row), row);
    }
    const inserts: Record<string, unknown>[] = [];
    const changed: Array<{
      where: Record<string, string>;
      values: Record<string, unknown>;
    }> = [];
    const current = new Set<string>();
    const owners = new Set<string>();
    for (const w of workloads) {
      const k = key(w);
      if (current.has(k)) continue; // one row per workload, as for findings
      current.add(k);
      const values = {
        labels: JSON.stringify(w.labels),
        entity_ref: w.entityRef ?? null,
      };
      const before = previous.get(k);
      const where = {
        cluster,
        kind: w.kind,
        namespace: w.namespace,
        name: w.name,
      };
      if (!before) {
        inserts.push({ ...where, ...values });
        if (values.entity_ref) owners.add(values.entity_ref);
      } else if (
        before.labels !== values.labels ||
        (before.entity_ref ?? null) !== values.entity_ref
      ) {
        changed.push({ where, values });
        if (values.entity_ref) owners.add(values.entity_ref);
        if (before.entity_ref) owners.add(before.entity_ref);
      }
    }
    const goneKeys = [...previous.keys()].filter(k => !current.has(k));
    for (const k of goneKeys) {
      const ref = previous.get(k)?.entity_ref;
      if (ref) owners.add(ref);
    }
    const gone = goneKeys.map(k => [cluster, ...k.split('\u0000')]);
    for (const chunk of chunks(gone, KEY_CHUNK)) {
      await tx(TABLES.workloads)
        .whereIn(['cluster', 'kind', 'namespace', 'name'], chunk)
        .delete();
    }
    for (const { where, values } of changed) {
      await tx(TABLES.workloads).where(where).update(values);
    }
    for (const chunk of chunks(inserts, INSERT_CHUNK)) {
      await tx(TABLES.workloads).insert(chunk);
    }
    return { owners, digest };
  }

  /** How many workload rows the cluster has (from the primary key's index). */
  private async countWorkloads(
    tx: Knex.Transaction,
    cluster: string,
  ): Promise<number> {
    const [{ n }] = await tx(TABLES.workloads)
      .where({ cluster })
      .count({ n: '*' });
    return Number(n);
  }

  async listClusters(): Promise<ClusterStatus[]> {
    const clusters = await this.db(TABLES.clusters).select().orderBy('name');
    const scanIds = clusters
      .map(c => c.last_scan_id)
      .filter((id): id is number => id !== null && id !== undefined);
    const scans = scanIds.length
      ? await this.db(TABLES.scans).whereIn('id', scanIds)
      : [];
    const scansById = new Map(scans.map(s => [s.id, s]));
    return clusters.map(row => {
      const scan =
        row.last_scan_id !== null ? scansById.get(row.last_scan_id) : undefined;
      return {
        name: row.name,
        provider: (row.provider ?? undefined) as Provider | undefined,
        source: row.source,
        lastScan: scan && {
          id: scan.id,
          status: scan.status as ScanStatus,
          startedAt: toIso(scan.started_at)!,
          finishedAt: toIso(scan.finished_at),
          error: scan.error ?? undefined,
          unreadableKinds: scan.unreadable_kinds
            ? JSON.parse(scan.unreadable_kinds)
            : undefined,
        },
        lastGoodScanAt: toIso(row.last_good_scan_at),
        stale: Boolean(row.stale),
        staleReason: row.stale_reason ?? undefined,
        retiredAt: toIso(row.retired_at),
      };
    });
  }

  /** Coverage per cluster from each cluster's last good scan. */
  async coverageByCluster(): Promise<Map<string, ItemEvaluation[]>> {
    const rows = await this.db(TABLES.coverage).select();
    const map = new Map<string, ItemEvaluation[]>();
    for (const row of rows) {
      const list = map.get(row.cluster) ?? [];
      list.push({
        itemId: row.item_id,
        coverage: row.coverage,
        checksRun: row.checks_run ? JSON.parse(row.checks_run) : [],
      });
      map.set(row.cluster, list);
    }
    return map;
  }

  /**
   * The clusters where each entity's workloads run (from the last good scans), for one
   * entity, some or all. Reads distinct pairs, not the workloads themselves.
   */
  async clustersByEntity(
    entityRef?: string | string[],
  ): Promise<Map<string, Set<string>>> {
    const map = new Map<string, Set<string>>();
    for (const refs of refChunks(entityRef)) {
      const query = this.db(TABLES.workloads)
        .whereNotNull('entity_ref')
        .distinct('entity_ref', 'cluster');
      if (refs) query.whereIn('entity_ref', refs);
      for (const row of await query) {
        const set = map.get(row.entity_ref) ?? new Set<string>();
        set.add(row.cluster);
        map.set(row.entity_ref, set);
      }
    }
    return map;
  }

  /**
   * The workloads of each entity (from the last good scans), for one entity, some or all:
   * the resources its workload items are scored on. Reads only the key columns.
   */
  async workloadsByEntity(
    entityRef?: string | string[],
  ): Promise<Map<string, ResourceRef[]>> {
    const map = new Map<string, ResourceRef[]>();
    for (const refs of refChunks(entityRef)) {
      const query = this.db(TABLES.workloads)
        .whereNotNull('entity_ref')
        .select('entity_ref', 'cluster', 'kind', 'namespace', 'name');
      if (refs) query.whereIn('entity_ref', refs);
      for (const row of await query) {
        const list = map.get(row.entity_ref) ?? [];
        list.push({
          cluster: row.cluster,
          kind: row.kind,
          namespace: row.namespace,
          name: row.name,
        });
        map.set(row.entity_ref, list);
      }
    }
    return map;
  }

  async allWorkloads(): Promise<Array<WorkloadRecord & { cluster: string }>> {
    const rows: WorkloadRow[] = await this.db(TABLES.workloads).select();
    return rows.map(workloadFromRow);
  }

  /**
   * Re-maps stored workloads and findings to catalog entities (after a catalog change),
   * without a rescan, in one transaction. Workloads go first, so that the finding owners
   * can follow them. Only rows whose owner changed are written. Inside `transaction`
   * when given (the mapping store's, which holds the mapping row's lock).
   */
  async remap(
    ownerOfWorkload: (
      w: WorkloadRecord & { cluster: string },
    ) => string | undefined,
    ownerOfFinding: (f: FindingOwnerKey) => string | undefined,
    transaction?: Knex.Transaction,
  ): Promise<{ workloads: number; findings: number }> {
    const run = <T>(work: (tx: Knex.Transaction) => Promise<T>) =>
      transaction ? work(transaction) : this.db.transaction(work);
    return run(async tx => {
      let workloads = 0;
      const rows: WorkloadRow[] = await tx(TABLES.workloads).select();
      const remapped = new Set<string>();
      for (const row of rows) {
        const { entityRef: _stored, ...w } = workloadFromRow(row);
        const owner = ownerOfWorkload(w) ?? null;
        if (owner !== (row.entity_ref ?? null)) {
          workloads++;
          remapped.add(row.cluster);
          await tx(TABLES.workloads)
            .where({
              cluster: row.cluster,
              kind: row.kind,
              namespace: row.namespace,
              name: row.name,
            })
            .update({ entity_ref: owner });
        }
      }
      // Their rows are no longer what the clusters' last scans wrote: the next scan of each
      // compares them row by row, whatever owners its own mapping gives.
      for (const chunk of chunks([...remapped], ID_CHUNK)) {
        await tx(TABLES.clusters)
          .whereIn('name', chunk)
          .update({ workloads_digest: null });
      }
      const findings = await this.findings.remapFindings(tx, ownerOfFinding);
      return { workloads, findings };
    });
  }
}
