import { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  ActionItemId,
  Category,
  ClusterStatus,
  Coverage,
  Finding,
  ItemEvaluation,
  Provider,
  ResourceRef,
  ScanStatus,
  ScoreHistoryPoint,
  Grade,
  Severity,
  FindingStatus,
} from '@kube-security/plugin-kube-security-common';
import { Knex } from 'knex';
import { applyMigrations } from './migrations';

/** Rows per INSERT: 22 columns x 500 stays far below SQLite's and PostgreSQL's bind limits. */
const INSERT_CHUNK = 500;
/** Ids per `WHERE id IN (...)`. */
const ID_CHUNK = 900;
/** Composite keys per `WHERE (a, b, c, d) IN (...)`: 4 binds each. */
const KEY_CHUNK = 200;
/** Findings per page when every stored finding is visited (remap). */
const FINDING_PAGE = 5000;

type Timestamp = string | Date | number;

/** SQLite returns strings or numbers for timestamps, PostgreSQL returns Dates. */
export function toIso(value: Timestamp | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return new Date(value).toISOString();
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

export interface FindingRow {
  id: string;
  cluster: string;
  check_id: string;
  item_id: string;
  category: string;
  status: string;
  severity: string;
  message: string;
  kind: string;
  namespace: string | null;
  name: string;
  container: string | null;
  evidence_path: string | null;
  labels: string | null;
  internet_exposed: boolean | number;
  data_store: boolean | number;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  resolved_at: Timestamp | null;
  last_scan_id: number;
  entity_ref: string | null;
}

/** A stored finding with its history. */
export interface StoredFinding extends Finding {
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt?: string;
  entityRef?: string;
}

export function rowToFinding(row: FindingRow): StoredFinding {
  return {
    id: row.id,
    checkId: row.check_id,
    itemId: row.item_id as ActionItemId,
    category: row.category as Category,
    status: row.status as FindingStatus,
    severity: row.severity as Severity,
    message: row.message,
    resource: {
      cluster: row.cluster,
      kind: row.kind,
      namespace: row.namespace ?? undefined,
      name: row.name,
      container: row.container ?? undefined,
    },
    evidencePath: row.evidence_path ?? undefined,
    labels: row.labels ? JSON.parse(row.labels) : undefined,
    exposure: {
      internet: Boolean(row.internet_exposed),
      dataStore: Boolean(row.data_store),
    },
    firstSeenAt: toIso(row.first_seen_at)!,
    lastSeenAt: toIso(row.last_seen_at)!,
    resolvedAt: toIso(row.resolved_at),
    entityRef: row.entity_ref ?? undefined,
  };
}

/** What decides a stored finding's owner: the resource it is about. */
export interface FindingOwnerKey {
  id: string;
  resource: ResourceRef;
  entityRef?: string;
}

/**
 * What an entity's plan statuses, priorities and impact depend on: per item, the status
 * and severity of each finding, and which resources (not containers) they hit and whether
 * those are exposed or hold data. Findings that agree on all of it count once.
 */
const PLAN_GROUP = [
  'entity_ref',
  'item_id',
  'category',
  'status',
  'severity',
  'cluster',
  'kind',
  'namespace',
  'name',
];

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
}

export interface StoreOptions {
  /** Resolved findings older than this are dropped at the next scan. */
  resolvedRetentionDays: number;
  /** The clock; tests pass their own. */
  now: () => Date;
}

/** The columns of a finding that a rescan may change (everything but ids and times). */
function findingContent(f: Finding, owner: string | undefined) {
  return {
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
    entity_ref: owner ?? null,
  };
}

/** Whether a stored row already holds this content (booleans come back as 0/1 on SQLite). */
function sameContent(
  row: FindingRow,
  content: ReturnType<typeof findingContent>,
): boolean {
  return (Object.keys(content) as Array<keyof typeof content>).every(key => {
    const stored = (row as unknown as Record<string, unknown>)[key];
    const next = content[key];
    return typeof next === 'boolean'
      ? Boolean(stored) === next
      : (stored ?? null) === next;
  });
}

export interface ClusterRegistration {
  name: string;
  provider?: Provider;
  source: string;
}

/** Persistence of Kube Security: clusters, scans, findings, mapping, aggregates, history. */
export class KubeSecurityStore {
  static async create(
    database: DatabaseService,
    options?: Partial<StoreOptions>,
  ): Promise<KubeSecurityStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await applyMigrations(knex);
    }
    return new KubeSecurityStore(knex, options);
  }

  private readonly options: StoreOptions;
  private readonly now: () => Date;

  constructor(readonly db: Knex, options?: Partial<StoreOptions>) {
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
      await this.db('kube_security_clusters')
        .insert({
          name: cluster.name,
          provider: cluster.provider ?? null,
          source: cluster.source,
          stale: false,
          updated_at: now,
        })
        .onConflict('name')
        .merge(['provider', 'source', 'updated_at']);
    }
  }

  /** Records that a scan started; returns its id. */
  async startScan(cluster: string): Promise<number> {
    const [row] = await this.db('kube_security_scans')
      .insert({ cluster, started_at: this.now(), status: 'running' })
      .returning('id');
    const id = typeof row === 'object' ? row.id : row;
    await this.db('kube_security_clusters')
      .where({ name: cluster })
      .update({ last_scan_id: id, updated_at: this.now() });
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
      await tx('kube_security_scans')
        .where({ id: scanId })
        .update({ status: 'failed', finished_at: this.now(), error });
      await tx('kube_security_clusters')
        .where({ name: cluster })
        .update({ stale: true, stale_reason: error, updated_at: this.now() });
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
  ): Promise<WriteScanSummary> {
    const now = this.now();
    const retentionCutoff = new Date(
      now.getTime() - this.options.resolvedRetentionDays * 24 * 3600 * 1000,
    );
    return this.db.transaction(async tx => {
      const previous = await tx<FindingRow>('kube_security_findings')
        .where({ cluster: result.cluster })
        .select();
      const previousById = new Map(previous.map(r => [r.id, r]));

      const seeing = new Map<ActionItemId, Coverage>(
        result.coverage.map(c => [c.itemId, c.coverage]),
      );
      const blind = (itemId: string) =>
        result.status === 'partial' &&
        seeing.get(itemId as ActionItemId) !== 'full';

      // Sort what this scan saw into: new rows, rows whose content changed (or that came
      // back after being resolved), and rows that are unchanged (only last-seen moves).
      const inserts: Record<string, unknown>[] = [];
      const changed: Array<{ id: string; values: Record<string, unknown> }> =
        [];
      const unchanged: string[] = [];
      const current = new Set<string>();
      for (const f of result.findings) {
        if (current.has(f.id)) continue; // the engine's ids are unique; be safe anyway
        current.add(f.id);
        const content = findingContent(f, result.ownerOf(f));
        const before = previousById.get(f.id);
        if (!before) {
          inserts.push({
            id: f.id,
            cluster: result.cluster,
            ...content,
            first_seen_at: now,
            last_seen_at: now,
            resolved_at: null,
            last_scan_id: scanId,
          });
        } else if (
          before.resolved_at !== null ||
          !sameContent(before, content)
        ) {
          changed.push({
            id: f.id,
            values: {
              ...content,
              last_seen_at: now,
              resolved_at: null,
              last_scan_id: scanId,
            },
          });
        } else {
          unchanged.push(f.id);
        }
      }

      // What disappeared is resolved, unless this partial scan could not see its item.
      const resolvedIds: string[] = [];
      const expiredIds: string[] = [];
      let carriedOver = 0;
      for (const before of previous) {
        if (current.has(before.id)) continue;
        if (before.resolved_at === null) {
          if (blind(before.item_id)) carriedOver++;
          else resolvedIds.push(before.id);
        } else if (new Date(before.resolved_at) < retentionCutoff) {
          expiredIds.push(before.id);
        }
      }

      for (const chunk of chunks(inserts, INSERT_CHUNK)) {
        await tx('kube_security_findings').insert(chunk);
      }
      for (const { id, values } of changed) {
        await tx('kube_security_findings').where({ id }).update(values);
      }
      for (const chunk of chunks(unchanged, ID_CHUNK)) {
        await tx('kube_security_findings')
          .whereIn('id', chunk)
          .update({ last_seen_at: now, last_scan_id: scanId });
      }
      for (const chunk of chunks(resolvedIds, ID_CHUNK)) {
        await tx('kube_security_findings')
          .whereIn('id', chunk)
          .update({ resolved_at: now });
      }
      for (const chunk of chunks(expiredIds, ID_CHUNK)) {
        await tx('kube_security_findings').whereIn('id', chunk).delete();
      }
      const resolved = resolvedIds.length;

      await tx('kube_security_item_coverage')
        .where({ cluster: result.cluster })
        .delete();
      if (result.coverage.length) {
        await tx('kube_security_item_coverage').insert(
          result.coverage.map(c => ({
            cluster: result.cluster,
            item_id: c.itemId,
            coverage: c.coverage,
            checks_run: JSON.stringify(c.checksRun),
          })),
        );
      }

      await this.replaceWorkloads(tx, result.cluster, result.workloads);

      await tx('kube_security_scans')
        .where({ id: scanId })
        .update({
          status: result.status,
          finished_at: now,
          unreadable_kinds: result.unreadable.length
            ? JSON.stringify(result.unreadable.map(u => u.kind))
            : null,
          error: result.unreadable.length
            ? result.unreadable.map(u => `${u.kind}: ${u.reason}`).join('; ')
            : null,
          notes: JSON.stringify(result.notes),
          object_count: result.objectCount,
          finding_count: current.size,
        });
      await tx('kube_security_clusters')
        .where({ name: result.cluster })
        .update({
          last_good_scan_id: scanId,
          last_good_scan_at: now,
          stale: false,
          stale_reason: null,
          updated_at: now,
        });
      return {
        scanId,
        written: current.size,
        inserted: inserts.length,
        updated: changed.length,
        resolved,
        carriedOver,
        newFindingIds: inserts.map(i => i.id as string),
      };
    });
  }

  /**
   * Makes the stored workloads of a cluster equal to a scan's, writing only the difference
   * (as for findings), so an unchanged rescan rewrites no workload row.
   */
  private async replaceWorkloads(
    tx: Knex.Transaction,
    cluster: string,
    workloads: WorkloadRecord[],
  ): Promise<void> {
    const key = (w: { kind: string; namespace: string; name: string }) =>
      `${w.kind}\u0000${w.namespace}\u0000${w.name}`;
    const previous = new Map<
      string,
      { labels: string | null; entity_ref: string | null }
    >();
    for (const row of await tx('kube_security_workloads')
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
    for (const w of workloads) {
      const k = key(w);
      if (current.has(k)) continue; // one row per workload, as for findings
      current.add(k);
      const values = {
        labels: JSON.stringify(w.labels),
        entity_ref: w.entityRef ?? null,
      };
      const before = previous.get(k);
      if (!before) {
        inserts.push({
          cluster,
          kind: w.kind,
          namespace: w.namespace,
          name: w.name,
          ...values,
        });
      } else if (
        before.labels !== values.labels ||
        (before.entity_ref ?? null) !== values.entity_ref
      ) {
        changed.push({
          where: {
            cluster,
            kind: w.kind,
            namespace: w.namespace,
            name: w.name,
          },
          values,
        });
      }
    }
    const gone = [...previous.keys()]
      .filter(k => !current.has(k))
      .map(k => [cluster, ...k.split('\u0000')]);
    for (const chunk of chunks(gone, KEY_CHUNK)) {
      await tx('kube_security_workloads')
        .whereIn(['cluster', 'kind', 'namespace', 'name'], chunk)
        .delete();
    }
    for (const { where, values } of changed) {
      await tx('kube_security_workloads').where(where).update(values);
    }
    for (const chunk of chunks(inserts, INSERT_CHUNK)) {
      await tx('kube_security_workloads').insert(chunk);
    }
  }

  async listClusters(): Promise<ClusterStatus[]> {
    const clusters = await this.db('kube_security_clusters')
      .select()
      .orderBy('name');
    const scanIds = clusters
      .map(c => c.last_scan_id)
      .filter((id): id is number => id !== null && id !== undefined);
    const scans = scanIds.length
      ? await this.db('kube_security_scans').whereIn('id', scanIds)
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
      };
    });
  }

  async findingById(id: string): Promise<StoredFinding | undefined> {
    const row = await this.db<FindingRow>('kube_security_findings')
      .where({ id })
      .first();
    return row ? rowToFinding(row) : undefined;
  }

  /** Open findings of a cluster, or all clusters. */
  async openFindings(
    filter: { cluster?: string; entityRef?: string | null } = {},
  ) {
    const query = this.db<FindingRow>('kube_security_findings').whereNull(
      'resolved_at',
    );
    if (filter.cluster) query.where('cluster', filter.cluster);
    if (filter.entityRef === null) query.whereNull('entity_ref');
    else if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    return (await query.select()).map(rowToFinding);
  }

  /**
   * The open findings of some entities condensed for plan summaries, by entity: one per
   * item, resource, status and severity (exposure if any of them is exposed), grouped by
   * the database. A plan built from them has the same item statuses, severities,
   * priorities, affected and exposed counts and score as one built from every finding;
   * only its finding lists differ, which summaries do not keep. Ids, check ids, containers
   * and messages are left empty.
   */
  async planFindings(entityRefs: string[]): Promise<Map<string, Finding[]>> {
    const byEntity = new Map<string, Finding[]>();
    for (const chunk of chunks(entityRefs, ID_CHUNK)) {
      const rows = await this.db('kube_security_findings')
        .whereIn('entity_ref', chunk)
        .whereNull('resolved_at')
        .groupBy(PLAN_GROUP)
        .select(PLAN_GROUP)
        .select(
          this.db.raw(
            'max(case when internet_exposed then 1 else 0 end) as internet',
          ),
          this.db.raw('max(case when data_store then 1 else 0 end) as data'),
        );
      for (const row of rows) {
        const list = byEntity.get(row.entity_ref) ?? [];
        list.push({
          id: '',
          checkId: '',
          itemId: row.item_id,
          category: row.category,
          status: row.status,
          severity: row.severity,
          message: '',
          resource: {
            cluster: row.cluster,
            kind: row.kind,
            namespace: row.namespace ?? undefined,
            name: row.name,
          },
          exposure: {
            internet: Number(row.internet) > 0,
            dataStore: Number(row.data) > 0,
          },
        });
        byEntity.set(row.entity_ref, list);
      }
    }
    return byEntity;
  }

  /**
   * The clusters where each entity's workloads run (from the last good scans), for one
   * entity or all. Reads distinct pairs, not the workloads themselves.
   */
  async clustersByEntity(
    entityRef?: string,
  ): Promise<Map<string, Set<string>>> {
    const query = this.db('kube_security_workloads')
      .whereNotNull('entity_ref')
      .distinct('entity_ref', 'cluster');
    if (entityRef !== undefined) query.where('entity_ref', entityRef);
    const map = new Map<string, Set<string>>();
    for (const row of await query) {
      const set = map.get(row.entity_ref) ?? new Set<string>();
      set.add(row.cluster);
      map.set(row.entity_ref, set);
    }
    return map;
  }

  async countUnowned(): Promise<number> {
    const [{ n }] = await this.db('kube_security_findings')
      .whereNull('resolved_at')
      .whereNull('entity_ref')
      .count({ n: '*' });
    return Number(n);
  }

  async unownedFindings(offset: number, limit: number) {
    const rows = await this.db<FindingRow>('kube_security_findings')
      .whereNull('resolved_at')
      .whereNull('entity_ref')
      .orderBy([
        { column: 'severity', order: 'asc' },
        { column: 'cluster' },
        { column: 'namespace' },
        { column: 'name' },
        { column: 'id' },
      ])
      .offset(offset)
      .limit(limit);
    return rows.map(rowToFinding);
  }

  /** Coverage per cluster from each cluster's last good scan. */
  async coverageByCluster(): Promise<Map<string, ItemEvaluation[]>> {
    const rows = await this.db('kube_security_item_coverage').select();
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

  async allWorkloads(): Promise<Array<WorkloadRecord & { cluster: string }>> {
    const rows = await this.db('kube_security_workloads').select();
    return rows.map(r => ({
      cluster: r.cluster,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      labels: r.labels ? JSON.parse(r.labels) : {},
      entityRef: r.entity_ref ?? undefined,
    }));
  }

  /**
   * Re-maps stored workloads and findings to catalog entities (after a catalog change),
   * without a rescan. Only rows whose owner changed are written.
   */
  async remap(
    ownerOfWorkload: (
      w: WorkloadRecord & { cluster: string },
    ) => string | undefined,
    ownerOfFinding: (f: FindingOwnerKey) => string | undefined,
  ): Promise<{ workloads: number; findings: number }> {
    return this.db.transaction(async tx => {
      let workloadsChanged = 0;
      const workloads = await tx('kube_security_workloads').select();
      for (const row of workloads) {
        const w = {
          cluster: row.cluster,
          kind: row.kind,
          namespace: row.namespace,
          name: row.name,
          labels: row.labels ? JSON.parse(row.labels) : {},
        };
        const owner = ownerOfWorkload(w) ?? null;
        if (owner !== (row.entity_ref ?? null)) {
          workloadsChanged++;
          await tx('kube_security_workloads')
            .where({
              cluster: row.cluster,
              kind: row.kind,
              namespace: row.namespace,
              name: row.name,
            })
            .update({ entity_ref: owner });
        }
      }
      // Findings are visited a page at a time (by id), reading only what decides the owner,
      // so a million stored findings never sit in memory at once.
      let findingsChanged = 0;
      let after: string | undefined;
      for (;;) {
        const query = tx('kube_security_findings')
          .orderBy('id')
          .limit(FINDING_PAGE)
          .select(
            'id',
            'cluster',
            'kind',
            'namespace',
            'name',
            'container',
            'entity_ref',
          );
        if (after !== undefined) query.where('id', '>', after);
        const rows = await query;
        if (!rows.length) break;
        after = rows[rows.length - 1].id;
        const byOwner = new Map<string | null, string[]>();
        for (const row of rows) {
          const owner =
            ownerOfFinding({
              id: row.id,
              resource: {
                cluster: row.cluster,
                kind: row.kind,
                namespace: row.namespace ?? undefined,
                name: row.name,
                container: row.container ?? undefined,
              },
              entityRef: row.entity_ref ?? undefined,
            }) ?? null;
          if (owner === (row.entity_ref ?? null)) continue;
          const ids = byOwner.get(owner) ?? [];
          ids.push(row.id);
          byOwner.set(owner, ids);
        }
        for (const [owner, ids] of byOwner) {
          findingsChanged += ids.length;
          for (const chunk of chunks(ids, ID_CHUNK)) {
            await tx('kube_security_findings')
              .whereIn('id', chunk)
              .update({ entity_ref: owner });
          }
        }
      }
      return { workloads: workloadsChanged, findings: findingsChanged };
    });
  }

  /** Replaces the aggregates the overview reads, and records today's scores. */
  async writeAggregates(
    entities: Array<Record<string, unknown>>,
    teams: Array<Record<string, unknown>>,
    history: Array<{
      entity_ref: string;
      score: number | null;
      grade: string | null;
      coverage: number;
      open_items: number;
    }>,
  ): Promise<void> {
    const day = this.now().toISOString().slice(0, 10);
    await this.db.transaction(async tx => {
      await tx('kube_security_entity_summaries').delete();
      for (const chunk of chunks(entities, INSERT_CHUNK)) {
        await tx('kube_security_entity_summaries').insert(chunk);
      }
      await tx('kube_security_team_summaries').delete();
      for (const chunk of chunks(teams, INSERT_CHUNK)) {
        await tx('kube_security_team_summaries').insert(chunk);
      }
      for (const chunk of chunks(history, INSERT_CHUNK)) {
        await tx('kube_security_score_history')
          .insert(chunk.map(h => ({ ...h, day })))
          .onConflict(['entity_ref', 'day'])
          .merge(['score', 'grade', 'coverage', 'open_items']);
      }
    });
  }

  /**
   * The latest score of each ref (or of the given refs) on or before a day, for trends.
   * The database picks each ref's latest day, so months of history are not read back.
   */
  async scoresOnOrBefore(
    day: string,
    refs?: string[],
  ): Promise<Map<string, number | null>> {
    const map = new Map<string, number | null>();
    for (const chunk of refs ? chunks(refs, ID_CHUNK) : [undefined]) {
      const latest = this.db('kube_security_score_history')
        .where('day', '<=', day)
        .groupBy('entity_ref')
        .select('entity_ref')
        .max({ day: 'day' });
      if (chunk) latest.whereIn('entity_ref', chunk);
      const rows = await this.db({ h: 'kube_security_score_history' })
        .join(latest.as('l'), join =>
          join
            .on('l.entity_ref', '=', 'h.entity_ref')
            .andOn('l.day', '=', 'h.day'),
        )
        .select('h.entity_ref', 'h.score');
      for (const row of rows) map.set(row.entity_ref, row.score);
    }
    return map;
  }

  async history(entityRef: string, days = 90): Promise<ScoreHistoryPoint[]> {
    const since = new Date(this.now().getTime() - days * 24 * 3600 * 1000)
      .toISOString()
      .slice(0, 10);
    const rows = await this.db('kube_security_score_history')
      .where({ entity_ref: entityRef })
      .andWhere('day', '>=', since)
      .orderBy('day', 'asc');
    return rows.map(r => ({
      day: r.day,
      score: r.score ?? null,
      grade: (r.grade ?? null) as Grade | null,
    }));
  }

  async entitySummary(entityRef: string) {
    return this.db('kube_security_entity_summaries')
      .where({ entity_ref: entityRef })
      .first();
  }

  async entitySummaries(refs: string[]) {
    const out = [];
    for (const chunk of chunks(refs, ID_CHUNK)) {
      out.push(
        ...(await this.db('kube_security_entity_summaries').whereIn(
          'entity_ref',
          chunk,
        )),
      );
    }
    return out;
  }

  /** The stored grade of every team, to tell which grades a recompute lowered. */
  async teamGrades(): Promise<Map<string, string | null>> {
    const rows = await this.db('kube_security_team_summaries').select(
      'entity_ref',
      'grade',
    );
    return new Map(rows.map(r => [r.entity_ref, r.grade ?? null]));
  }

  async teamSummary(entityRef: string) {
    return this.db('kube_security_team_summaries')
      .where({ entity_ref: entityRef })
      .first();
  }

  async childTeams(parentRef: string) {
    return this.db('kube_security_team_summaries')
      .where({ parent_ref: parentRef })
      .orderBy('name');
  }

  async queryTeams(q: {
    offset: number;
    limit: number;
    sort: 'score' | 'name' | 'open' | 'trend';
    order: 'asc' | 'desc';
    search?: string;
    category?: Category;
    provider?: Provider;
    cluster?: string;
  }) {
    const base = this.db('kube_security_team_summaries');
    if (q.search) {
      const like = `%${q.search
        .toLocaleLowerCase('en-US')
        .replace(/[%_\\]/g, m => `\\${m}`)}%`;
      base.where(b =>
        b
          .whereRaw("lower(name) like ? escape '\\'", [like])
          .orWhereRaw("lower(coalesce(title, '')) like ? escape '\\'", [like]),
      );
    }
    if (q.category) base.where(`open_${q.category}`, '>', 0);
    if (q.provider) base.where('providers', 'like', `%,${q.provider},%`);
    if (q.cluster)
      base.where('clusters', 'like', `%,${q.cluster.replace(/[%_]/g, '')},%`);
    const [{ n }] = await base.clone().count({ n: '*' });
    const column = {
      score: 'score',
      name: 'name',
      open: 'open_total',
      trend: 'trend',
    }[q.sort];
    const rows = await base
      .clone()
      .orderByRaw(`${column} is null`) // teams without a score go last either way
      .orderBy(column, q.order)
      .orderBy('name', 'asc')
      .offset(q.offset)
      .limit(q.limit)
      .select();
    return { total: Number(n), rows };
  }

  /** Open findings with their owner, for the CSV export; streamed in pages. */
  async *streamOpenFindings(pageSize = 2000): AsyncGenerator<StoredFinding[]> {
    let offset = 0;
    for (;;) {
      const rows = await this.db<FindingRow>('kube_security_findings')
        .whereNull('resolved_at')
        .orderBy('id')
        .offset(offset)
        .limit(pageSize);
      if (!rows.length) return;
      yield rows.map(rowToFinding);
      offset += rows.length;
    }
  }
}
