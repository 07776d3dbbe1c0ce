import type {
  ActionItemId,
  Category,
  Finding,
  FindingStatus,
  GrantRef,
  ResourceRef,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import { SEVERITY_RANK } from '@kube-security/plugin-kube-security-common';
import { hash } from 'crypto';
import { Knex } from 'knex';
import { COLUMN, fitNullable, fitText, withoutNul } from './storedText';
import {
  findingDigests,
  findingListDigest,
  isCurrentListDigest,
  isFindingDigest,
  isPreviousDigestOf,
} from './findingDigest';
import {
  FINDING_PAGE,
  FindingRow,
  ID_CHUNK,
  INSERT_CHUNK,
  TABLES,
  Timestamp,
  chunks,
  toIso,
} from './tables';

/** Orders rows by severity, most severe first (the column holds the names, not ranks). */
const MOST_SEVERE_FIRST = `CASE severity ${Object.entries(SEVERITY_RANK)
  .map(([name, rank]) => `WHEN '${name}' THEN ${-rank}`)
  .join(' ')} ELSE 1 END`;

/** A stored finding with its history. */
export interface StoredFinding extends Finding {
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt?: string;
  entityRef?: string;
}

/** What decides a stored finding's owner: the resource it is about. */
export interface FindingOwnerKey {
  id: string;
  resource: ResourceRef;
  entityRef?: string;
}

/**
 * A stored finding. An open finding's `last_seen_at` is null while its cluster's last good
 * scan saw it: its last-seen time is then that scan's (`clusterSeenAt`).
 */
export function rowToFinding(
  row: FindingRow,
  clusterSeenAt?: Timestamp | null,
): StoredFinding {
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
    ...(row.standards ? { standards: JSON.parse(row.standards) } : {}),
    ...(row.grant_ref ? { grant: JSON.parse(row.grant_ref) } : {}),
    exposure: {
      internet: Boolean(row.internet_exposed),
      dataStore: Boolean(row.data_store),
    },
    firstSeenAt: toIso(row.first_seen_at)!,
    lastSeenAt: toIso(row.last_seen_at ?? clusterSeenAt ?? row.first_seen_at)!,
    resolvedAt: toIso(row.resolved_at),
    entityRef: row.entity_ref ?? undefined,
  };
}

/**
 * The columns of a finding that a rescan may change (everything but ids and times). A new
 * finding column goes here, in `rowToFinding` and in `FindingRow`.
 */
function findingContent(
  f: Finding,
  owner: string | undefined,
  json: (value: object) => string = JSON.stringify,
) {
  return {
    check_id: fitText(f.checkId, COLUMN.checkId),
    item_id: fitText(f.itemId, COLUMN.itemId),
    category: f.category,
    status: f.status,
    severity: f.severity,
    message: withoutNul(f.message),
    kind: fitText(f.resource.kind, COLUMN.kind),
    namespace: fitNullable(f.resource.namespace, COLUMN.namespace),
    name: fitText(f.resource.name, COLUMN.name),
    container: fitNullable(f.resource.container, COLUMN.container),
    evidence_path: fitNullable(f.evidencePath),
    labels: f.labels ? json(f.labels) : null,
    standards: f.standards?.length ? json(f.standards) : null,
    grant_ref: f.grant ? grantText(f.grant) : null,
    internet_exposed: Boolean(f.exposure?.internet),
    data_store: Boolean(f.exposure?.dataStore),
    entity_ref: fitNullable(owner, COLUMN.entityRef),
  };
}

/**
 * Whether an open finding's new content changes what plans are built from: the columns
 * condensed findings keep (`PLAN_GROUP`, exposure). A finding only reworded, or with other
 * labels, standards, container or evidence path, leaves every plan, summary and roll-up as
 * it was, so its entity is not recomputed for it.
 */
function changesPlan(
  before: FindingRow,
  content: ReturnType<typeof findingContent>,
): boolean {
  return (
    before.entity_ref !== content.entity_ref ||
    before.item_id !== content.item_id ||
    before.category !== content.category ||
    before.status !== content.status ||
    before.severity !== content.severity ||
    before.kind !== content.kind ||
    (before.namespace ?? null) !== content.namespace ||
    before.name !== content.name ||
    (before.grant_ref ?? null) !== content.grant_ref ||
    Boolean(before.internet_exposed) !== content.internet_exposed ||
    Boolean(before.data_store) !== content.data_store
  );
}

/**
 * `JSON.stringify` that serialises each object once: the engine shares one labels object
 * per workload and one standards list per check among their findings. For one synchronous
 * pass over a scan's findings (nothing can change them meanwhile).
 */
function sharedJson(): (value: object) => string {
  const texts = new Map<object, string>();
  return value => {
    let text = texts.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      texts.set(value, text);
    }
    return text;
  };
}

/** A grant as stored: its fields in one order, so the same grant hashes the same. */
function grantText(grant: GrantRef): string {
  return JSON.stringify(
    grant.namespace === undefined
      ? { kind: grant.kind, name: grant.name }
      : { kind: grant.kind, name: grant.name, namespace: grant.namespace },
  );
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

/**
 * The digest rows were written with before `findingDigest` (SHA-1 of the content as
 * stored): a row that still holds one is compared with it once, then given the new one.
 */
function contentHash(content: ReturnType<typeof findingContent>): string {
  // Without a grant the digest is the one rows had before the column existed, so only
  // the findings that gained a grant are rewritten by the first scan after it.
  if (content.grant_ref === null) {
    const { grant_ref: _none, ...rest } = content;
    return hash('sha1', JSON.stringify(rest));
  }
  return hash('sha1', JSON.stringify(content));
}

/** Rows per statement that replaces older digests: three binds each. */
const REHASH_CHUNK = 300;

/** The columns a rescan reads of the cluster's findings that are not plainly open. */
const RESCAN_COLUMNS = [
  'id',
  'item_id',
  'check_id',
  'entity_ref',
  'resolved_at',
  'last_seen_at',
  'content_hash',
] as const;

/**
 * What an entity's plan statuses, priorities and impact depend on: per item, the status
 * and severity of each finding, and which resources (not containers) they hit and whether
 * those are exposed or hold data; and the binding they name, for the roll-up to merge the
 * findings of one binding. Findings that agree on all of it count once.
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
  'grant_ref',
];

/** One cluster's findings as a scan saw them, for `replaceClusterFindings`. */
export interface ClusterFindings {
  scanId: number;
  cluster: string;
  findings: Finding[];
  /** Owner of each finding; absent means unowned. */
  ownerOf: (finding: Finding) => string | undefined;
  /**
   * Items (or checks) this scan could not fully see: their disappeared findings stay open.
   */
  blind: (itemId: string, checkId: string) => boolean;
  now: Date;
  /** Resolved findings resolved before this are dropped. */
  retentionCutoff: Date;
}

export interface ReplacedFindings {
  /** Findings this scan saw. */
  written: number;
  /** Ids of the findings inserted (never seen before). */
  insertedIds: string[];
  updated: number;
  resolved: number;
  carriedOver: number;
  /**
   * Entities whose plans this write may change: their open findings were inserted,
   * reopened, resolved, or changed in a column plans are built from (an owner that changed
   * counts both); a finding only reworded, relabelled or re-tagged with standards does not
   * count. The plans to recompute.
   */
  changedEntityRefs: string[];
  /**
   * The digest of the scan's findings when the cluster's open findings are now exactly
   * those (for the cluster row's `findings_digest`), or null.
   */
  findingsDigest: string | null;
}

/** Findings: written per cluster by scans, read for plans, the overview and the export. */
export class FindingStore {
  constructor(readonly db: Knex) {}

  /**
   * Makes a cluster's stored findings those of a scan, inside the scan's transaction, and
   * writes only what changed. Findings keep their first-seen time; what disappeared is
   * resolved unless its item was out of the scan's sight. A finding the scan saw unchanged
   * is not written: its last-seen time is the scan's (see `rowToFinding`). Findings that
   * stop being seen get their own last-seen time: the previous good scan's.
   */
  async replaceClusterFindings(
    tx: Knex.Transaction,
    scan: ClusterFindings,
  ): Promise<ReplacedFindings> {
    const { scanId, now } = scan;
    const cluster = await tx(TABLES.clusters)
      .where({ name: scan.cluster })
      .first('last_good_scan_at', 'findings_digest');
    // When the findings that disappeared were last seen (null: no good scan before, then
    // each row's own first-seen time is used).
    const previousScanAt: Timestamp | null = cluster?.last_good_scan_at ?? null;

    // The digest of the whole list decides whether anything changed at all: the same list
    // as the last good scan's, whose findings are still the open rows, writes no finding.
    // Only that digest is computed first (when one of its format is stored to compare).
    const owners = scan.findings.map(f => scan.ownerOf(f));
    const storedList: string | null = cluster?.findings_digest ?? null;
    if (
      isCurrentListDigest(storedList) &&
      findingListDigest(scan.findings, owners) === storedList &&
      (await this.countOpen(tx, scan.cluster)) === scan.findings.length
    ) {
      // As many rows as findings (none deleted behind the store's back; no id twice).
      await this.dropExpired(tx, scan.cluster, scan.retentionCutoff);
      return {
        written: scan.findings.length,
        insertedIds: [],
        updated: 0,
        resolved: 0,
        carriedOver: 0,
        changedEntityRefs: [],
        findingsDigest: storedList,
      };
    }
    // Something changed: each finding's own digest says which (the list's comes with them).
    const { each: digests, list: listDigest } = findingDigests(
      scan.findings,
      owners,
    );

    // Two reads share the cluster's rows. The open rows its last good scan saw (nearly all
    // of them) come as id and digest only: a finding whose digest did not change is not
    // looked at further, its row not even built. The others (resolved, or carried over by
    // a partial scan) come with what deciding about them needs.
    const seenDigests = await this.seenDigests(tx, scan.cluster);
    const others = new Map<
      string,
      Pick<FindingRow, (typeof RESCAN_COLUMNS)[number]>
    >();
    for (const row of await tx(TABLES.findings)
      .where({ cluster: scan.cluster })
      .where(q => q.whereNotNull('resolved_at').orWhereNotNull('last_seen_at'))
      .select(RESCAN_COLUMNS)) {
      others.set(row.id, row);
    }
    const rehashed: Array<{ id: string; hash: string }> = [];

    // Sort what this scan saw into: new rows, and rows whose content changed or that come
    // back (after being resolved, or carried over with their own last-seen time). The rest
    // is unchanged and not written.
    const inserts: Record<string, unknown>[] = [];
    const changed: Array<{ id: string; values: Record<string, unknown> }> = [];
    const touched = new Set<string>();
    const update = (
      f: Finding,
      content: ReturnType<typeof findingContent>,
      digest: string,
      before: { entity_ref: string | null },
      planChanged = true,
    ) => {
      changed.push({
        id: f.id,
        values: {
          ...content,
          content_hash: digest,
          last_seen_at: null,
          resolved_at: null,
          last_scan_id: scanId,
        },
      });
      if (!planChanged) return;
      if (before.entity_ref) touched.add(before.entity_ref);
      if (content.entity_ref) touched.add(content.entity_ref);
    };
    // Seen rows whose digest differs: changed, or stored with an older digest (or none).
    const differing: Array<{ f: Finding; owner?: string; digest: string }> = [];
    const current = new Set<string>();
    const json = sharedJson();
    for (let i = 0; i < scan.findings.length; i++) {
      const f = scan.findings[i];
      if (current.has(f.id)) continue; // the engine's ids are unique; be safe anyway
      current.add(f.id);
      const owner = owners[i];
      const digest = digests[i];
      const stored = seenDigests.get(f.id);
      if (stored === digest) continue;
      if (stored !== undefined) {
        // A digest of the previous format that is this finding's: only the digest is old.
        if (stored !== null && isPreviousDigestOf(stored, f, owner)) {
          rehashed.push({ id: f.id, hash: digest });
        } else {
          differing.push({ f, owner, digest });
        }
        continue;
      }
      const content = findingContent(f, owner, json);
      const before = others.get(f.id);
      if (before) {
        update(f, content, digest, before);
        continue;
      }
      if (content.entity_ref) touched.add(content.entity_ref);
      // The content object becomes the row (cheaper than copying it into a new one).
      const row: Record<string, unknown> = content;
      row.id = f.id;
      row.cluster = scan.cluster;
      row.content_hash = digest;
      row.first_seen_at = now;
      row.last_seen_at = null;
      row.resolved_at = null;
      row.last_scan_id = scanId;
      inserts.push(row);
    }
    const differingRows = await this.rowsById(
      tx,
      differing.map(d => d.f.id),
    );
    for (const { f, owner, digest } of differing) {
      const before = differingRows.get(f.id)!;
      const content = findingContent(f, owner);
      // A differing digest does not prove a change: a digest of an older format, or the
      // same content in another shape (key order, a field no column keeps), is compared
      // with the row and only the digest replaced.
      const same =
        isFindingDigest(before.content_hash) || before.content_hash === null
          ? sameContent(before, content)
          : before.content_hash === contentHash(content);
      if (same) rehashed.push({ id: f.id, hash: digest });
      else update(f, content, digest, before, changesPlan(before, content));
    }
    const previous = [...others.values()];
    const gone = [...seenDigests.keys()].filter(id => !current.has(id));
    previous.push(...(await this.rowsById(tx, gone)).values());

    // What disappeared is resolved, unless this partial scan could not see its item (then
    // it stays open, last seen by the previous good scan).
    const resolvedIds: string[] = [];
    const expiredIds: string[] = [];
    const frozenIds: string[] = [];
    let carriedOver = 0;
    for (const before of previous) {
      if (current.has(before.id)) continue;
      if (before.resolved_at === null) {
        if (scan.blind(before.item_id, before.check_id)) {
          carriedOver++;
          if (before.last_seen_at === null) frozenIds.push(before.id);
        } else {
          resolvedIds.push(before.id);
          if (before.entity_ref) touched.add(before.entity_ref);
        }
      } else if (new Date(before.resolved_at) < scan.retentionCutoff) {
        expiredIds.push(before.id);
      }
    }

    const lastSeenBefore = tx.raw('coalesce(last_seen_at, ?, first_seen_at)', [
      previousScanAt,
    ]);
    for (const chunk of chunks(inserts, INSERT_CHUNK)) {
      await tx(TABLES.findings).insert(chunk);
    }
    for (const { id, values } of changed) {
      await tx(TABLES.findings).where({ id }).update(values);
    }
    for (const chunk of chunks(rehashed, REHASH_CHUNK)) {
      await tx(TABLES.findings)
        .whereIn(
          'id',
          chunk.map(r => r.id),
        )
        .update({
          content_hash: tx.raw(
            `case id ${chunk.map(() => 'when ? then ?').join(' ')} end`,
            chunk.flatMap(r => [r.id, r.hash]),
          ),
        });
    }
    for (const chunk of chunks(frozenIds, ID_CHUNK)) {
      await tx(TABLES.findings)
        .whereIn('id', chunk)
        .update({ last_seen_at: lastSeenBefore });
    }
    for (const chunk of chunks(resolvedIds, ID_CHUNK)) {
      await tx(TABLES.findings)
        .whereIn('id', chunk)
        .update({ resolved_at: now, last_seen_at: lastSeenBefore });
    }
    for (const chunk of chunks(expiredIds, ID_CHUNK)) {
      await tx(TABLES.findings).whereIn('id', chunk).delete();
    }
    return {
      written: current.size,
      insertedIds: inserts.map(i => i.id as string),
      updated: changed.length,
      resolved: resolvedIds.length,
      carriedOver,
      changedEntityRefs: [...touched].sort(),
      // Still the scan's findings exactly only when none was carried over.
      findingsDigest: carriedOver === 0 ? listDigest : null,
    };
  }

  /** How many open findings the cluster has (from the index on cluster, resolved). */
  private async countOpen(
    tx: Knex.Transaction,
    cluster: string,
  ): Promise<number> {
    const [{ n }] = await tx(TABLES.findings)
      .where({ cluster })
      .whereNull('resolved_at')
      .count({ n: '*' });
    return Number(n);
  }

  /** Deletes the cluster's findings resolved before the cutoff. */
  private async dropExpired(
    tx: Knex.Transaction,
    cluster: string,
    cutoff: Date,
  ): Promise<void> {
    const expired = (
      await tx(TABLES.findings)
        .where({ cluster })
        .whereNotNull('resolved_at')
        .select('id', 'resolved_at')
    )
      .filter(row => new Date(row.resolved_at) < cutoff)
      .map(row => row.id as string);
    for (const chunk of chunks(expired, ID_CHUNK)) {
      await tx(TABLES.findings).whereIn('id', chunk).delete();
    }
  }

  /**
   * The digests of a cluster's open findings that its last good scan saw (null for rows
   * stored before digests existed), by id: the only columns an unchanged rescan reads.
   */
  private async seenDigests(
    tx: Knex.Transaction,
    cluster: string,
  ): Promise<Map<string, string | null>> {
    const rows: Array<{ id: string; content_hash: string | null }> = await tx(
      TABLES.findings,
    )
      .where({ cluster })
      .whereNull('resolved_at')
      .whereNull('last_seen_at')
      .select('id', 'content_hash');
    const digests = new Map<string, string | null>();
    for (const row of rows) digests.set(row.id, row.content_hash);
    return digests;
  }

  /** The full rows of these findings, by id. */
  private async rowsById(
    tx: Knex.Transaction,
    ids: string[],
  ): Promise<Map<string, FindingRow>> {
    const rows = new Map<string, FindingRow>();
    for (const chunk of chunks(ids, ID_CHUNK)) {
      for (const row of await tx<FindingRow>(TABLES.findings)
        .whereIn('id', chunk)
        .select()) {
        rows.set(row.id, row);
      }
    }
    return rows;
  }

  /** When each cluster's last good scan ran: the last-seen time of the findings it saw. */
  private async clusterSeenAt(): Promise<Map<string, Timestamp | null>> {
    const rows = await this.db(TABLES.clusters).select(
      'name',
      'last_good_scan_at',
    );
    return new Map(rows.map(r => [r.name, r.last_good_scan_at]));
  }

  /** Stored rows as findings, with their last-seen times. */
  private async toFindings(rows: FindingRow[]): Promise<StoredFinding[]> {
    if (!rows.length) return [];
    const seenAt = await this.clusterSeenAt();
    return rows.map(row => rowToFinding(row, seenAt.get(row.cluster)));
  }

  async findingById(id: string): Promise<StoredFinding | undefined> {
    const row = await this.db<FindingRow>(TABLES.findings)
      .where({ id })
      .first();
    return row ? (await this.toFindings([row]))[0] : undefined;
  }

  /** Open findings of a cluster, or all clusters. */
  async openFindings(
    filter: { cluster?: string; entityRef?: string | null } = {},
  ): Promise<StoredFinding[]> {
    const query = this.db<FindingRow>(TABLES.findings).whereNull('resolved_at');
    if (filter.cluster) query.where('cluster', filter.cluster);
    if (filter.entityRef === null) query.whereNull('entity_ref');
    else if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    return this.toFindings(await query.select());
  }

  /**
   * The open findings of some entities condensed for plan summaries, by entity: one per
   * item, resource, status and severity (exposure if any of them is exposed), grouped by
   * the database. A plan built from them has the same item statuses, severities,
   * priorities, affected and exposed counts and score as one built from every finding;
   * only its finding lists differ, which summaries do not keep. Ids, check ids, containers
   * and messages are left empty; `firstSeenAt` is the group's oldest.
   */
  async planFindings(entityRefs: string[]): Promise<Map<string, Finding[]>> {
    const byEntity = new Map<string, Finding[]>();
    // The findings of one scan share their first-seen time: each is converted once.
    const isoTimes = new Map<unknown, string | undefined>();
    const isoOf = (value: Timestamp) => {
      const key = value instanceof Date ? value.getTime() : value;
      if (!isoTimes.has(key)) isoTimes.set(key, toIso(value));
      return isoTimes.get(key);
    };
    for (const chunk of chunks(entityRefs, ID_CHUNK)) {
      const rows = await this.db(TABLES.findings)
        .whereIn('entity_ref', chunk)
        .whereNull('resolved_at')
        .groupBy(PLAN_GROUP)
        .select(PLAN_GROUP)
        .select(
          this.db.raw(
            'max(case when internet_exposed then 1 else 0 end) as internet',
          ),
          this.db.raw('max(case when data_store then 1 else 0 end) as data'),
          this.db.raw('min(first_seen_at) as first_seen'),
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
          // The oldest of the group, so summaries can say since when an item is open.
          firstSeenAt: isoOf(row.first_seen),
          ...(row.grant_ref ? { grant: JSON.parse(row.grant_ref) } : {}),
        });
        byEntity.set(row.entity_ref, list);
      }
    }
    return byEntity;
  }

  /**
   * The open findings of some entities that have one of `statuses` and, when given, one of
   * `severities` (the per-entity facts count the failing critical and high ones).
   */
  async openFindingsOf(
    entityRefs: string[],
    filter: { statuses: FindingStatus[]; severities?: Severity[] },
  ): Promise<StoredFinding[]> {
    const out: StoredFinding[] = [];
    for (const chunk of chunks(entityRefs, ID_CHUNK)) {
      const query = this.db<FindingRow>(TABLES.findings)
        .whereIn('entity_ref', chunk)
        .whereNull('resolved_at')
        .whereIn('status', filter.statuses);
      if (filter.severities) query.whereIn('severity', filter.severities);
      out.push(...(await this.toFindings(await query.orderBy('id').select())));
    }
    return out;
  }

  async countUnowned(): Promise<number> {
    const [{ n }] = await this.db(TABLES.findings)
      .whereNull('resolved_at')
      .whereNull('entity_ref')
      .count({ n: '*' });
    return Number(n);
  }

  async unownedFindings(
    offset: number,
    limit: number,
  ): Promise<StoredFinding[]> {
    const rows = await this.db<FindingRow>(TABLES.findings)
      .whereNull('resolved_at')
      .whereNull('entity_ref')
      .orderByRaw(MOST_SEVERE_FIRST)
      .orderBy([
        { column: 'cluster' },
        { column: 'namespace' },
        { column: 'name' },
        { column: 'id' },
      ])
      .offset(offset)
      .limit(limit);
    return this.toFindings(rows);
  }

  /** Open findings with their owner, for the CSV export; streamed in pages. */
  async *streamOpenFindings(pageSize = 2000): AsyncGenerator<StoredFinding[]> {
    let offset = 0;
    for (;;) {
      const rows = await this.db<FindingRow>(TABLES.findings)
        .whereNull('resolved_at')
        .orderBy('id')
        .offset(offset)
        .limit(pageSize);
      if (!rows.length) return;
      yield await this.toFindings(rows);
      offset += rows.length;
    }
  }

  /**
   * Re-maps every stored finding to its owner inside a transaction, a page at a time (by
   * id), reading only what decides the owner, so a million stored findings never sit in
   * memory at once. Only rows whose owner changed are written; returns how many.
   */
  async remapFindings(
    tx: Knex.Transaction,
    ownerOf: (f: FindingOwnerKey) => string | undefined,
  ): Promise<number> {
    let changed = 0;
    let after: string | undefined;
    for (;;) {
      const query = tx(TABLES.findings)
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
      const clusters = new Set<string>();
      for (const row of rows) {
        const owner =
          ownerOf({
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
        clusters.add(row.cluster);
        const ids = byOwner.get(owner) ?? [];
        ids.push(row.id);
        byOwner.set(owner, ids);
      }
      // Their rows are no longer what the clusters' last scans wrote: the next scan of each
      // compares them column by column (no digest), whatever owner its mapping gives.
      if (clusters.size) {
        await tx(TABLES.clusters)
          .whereIn('name', [...clusters])
          .update({ findings_digest: null });
      }
      for (const [owner, ids] of byOwner) {
        changed += ids.length;
        for (const chunk of chunks(ids, ID_CHUNK)) {
          await tx(TABLES.findings)
            .whereIn('id', chunk)
            .update({ entity_ref: owner, content_hash: null });
        }
      }
    }
    return changed;
  }
}
