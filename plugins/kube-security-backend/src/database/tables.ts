/*
 * What the stores share: the stored row shapes, chunk sizes for statements with many
 * binds, and time helpers. Only the stores (this folder) know table and column names.
 */

/** Rows per INSERT: 22 columns x 500 stays far below SQLite's and PostgreSQL's bind limits. */
export const INSERT_CHUNK = 500;
/** Ids per `WHERE id IN (...)`. */
export const ID_CHUNK = 900;
/** Composite keys per `WHERE (a, b, c, d) IN (...)`: 4 binds each. */
export const KEY_CHUNK = 200;
/** Findings per page when every stored finding is visited (remap). */
export const FINDING_PAGE = 5000;

export const TABLES = {
  clusters: 'kube_security_clusters',
  scans: 'kube_security_scans',
  findings: 'kube_security_findings',
  coverage: 'kube_security_item_coverage',
  workloads: 'kube_security_workloads',
  entitySummaries: 'kube_security_entity_summaries',
  teamSummaries: 'kube_security_team_summaries',
  scoreHistory: 'kube_security_score_history',
  aggregateState: 'kube_security_aggregate_state',
  teamMembers: 'kube_security_team_members',
} as const;

export type Timestamp = string | Date | number;

/** SQLite returns strings or numbers for timestamps, PostgreSQL returns Dates. */
export function toIso(value: Timestamp | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return new Date(value).toISOString();
}

/** The UTC day (YYYY-MM-DD) of a time, as the score history keys its rows. */
export function dayOf(time: Date): string {
  return time.toISOString().slice(0, 10);
}

export const DAY_MS = 24 * 3600 * 1000;

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/** A row of `kube_security_findings`. */
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
  /** JSON array of standard control ids; null when the finding has none. */
  standards: string | null;
  /** JSON GrantRef of the RBAC binding the finding is about; null when none. */
  grant_ref: string | null;
  internet_exposed: boolean | number;
  data_store: boolean | number;
  first_seen_at: Timestamp;
  /**
   * Null while the cluster's last good scan sees the finding (its time is that scan's);
   * set when it stops being seen (resolved, or carried over by a partial scan).
   */
  last_seen_at: Timestamp | null;
  resolved_at: Timestamp | null;
  /** The scan that last wrote the row (inserted it or changed its content). */
  last_scan_id: number;
  /** SHA-1 of the content columns as stored; null on rows written before it existed. */
  content_hash: string | null;
  entity_ref: string | null;
}

/** A row of `kube_security_workloads`. */
export interface WorkloadRow {
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  labels: string | null;
  entity_ref: string | null;
}

/** A stored workload, its labels decoded. */
export function workloadFromRow(row: WorkloadRow) {
  return {
    cluster: row.cluster,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    labels: (row.labels ? JSON.parse(row.labels) : {}) as Record<
      string,
      string
    >,
    entityRef: row.entity_ref ?? undefined,
  };
}

/** A row of `kube_security_entity_summaries`. */
export interface EntitySummaryRow {
  entity_ref: string;
  title: string | null;
  owner_refs: string;
  provider: string | null;
  clusters: string;
  score: number | null;
  grade: string | null;
  coverage: number;
  open_items: number;
  summary: string;
  data_from: Date | null;
}

/** A row of `kube_security_team_summaries`. */
export interface TeamSummaryRow {
  entity_ref: string;
  name: string;
  title: string | null;
  parent_ref: string | null;
  score: number | null;
  grade: string | null;
  coverage: number;
  open_cloud: number;
  open_cluster: number;
  open_workload: number;
  open_image: number;
  open_total: number;
  /** The score in each category (the overall one for a roll-up without category views). */
  score_cloud: number | null;
  score_cluster: number | null;
  score_workload: number | null;
  score_image: number | null;
  trend: number | null;
  entity_count: number;
  /** `,a,b,`: searchable with LIKE '%,a,%'. */
  clusters: string;
  providers: string;
  summary: string;
  last_scan_at: Date | null;
}

/** A row of `kube_security_score_history`, without its day. */
export interface ScoreHistoryRow {
  entity_ref: string;
  score: number | null;
  grade: string | null;
  coverage: number;
  open_items: number;
}
