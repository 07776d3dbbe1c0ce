import type {
  Category,
  Grade,
  Provider,
  ScoreHistoryPoint,
  TeamSummary,
} from '@kube-security/plugin-kube-security-common';
import { Knex } from 'knex';
import type {
  EntitySummary,
  ScorePoint,
  TeamRollup,
} from '../domain/summaries';
import {
  DAY_MS,
  EntitySummaryRow,
  ID_CHUNK,
  INSERT_CHUNK,
  ScoreHistoryRow,
  TABLES,
  TeamSummaryRow,
  chunks,
  dayOf,
  toIso,
} from './tables';

export interface TeamQuery {
  offset: number;
  limit: number;
  sort: 'score' | 'name' | 'open' | 'trend';
  order: 'asc' | 'desc';
  search?: string;
  category?: Category;
  provider?: Provider;
  cluster?: string;
  /**
   * Only the top of the team tree: the teams whose parent team has no roll-up (or that
   * have no parent), and the teams right below them.
   */
  top?: boolean;
}

/** The columns a team query filters and sorts on (never built from the request). */
const OPEN_COLUMN: Record<Category, string> = {
  cloud: 'open_cloud',
  cluster: 'open_cluster',
  workload: 'open_workload',
  image: 'open_image',
};
const SCORE_COLUMN: Record<Category, string> = {
  cloud: 'score_cloud',
  cluster: 'score_cluster',
  workload: 'score_workload',
  image: 'score_image',
};
const SORT_COLUMN: Record<TeamQuery['sort'], string> = {
  score: 'score',
  name: 'name',
  open: 'open_total',
  trend: 'trend',
};

function openTotal(t: TeamRollup): number {
  return Object.values(t.summary.openByCategory).reduce((a, b) => a + b, 0);
}

function entityRow(s: EntitySummary): EntitySummaryRow {
  return {
    entity_ref: s.entityRef,
    title: s.title ?? null,
    owner_refs: JSON.stringify(s.ownerRefs),
    provider: s.provider ?? null,
    clusters: JSON.stringify(s.clusters),
    score: s.score.value,
    grade: s.score.grade,
    coverage: s.score.coverage,
    open_items: s.openItems,
    summary: JSON.stringify(s),
    data_from: s.dataFrom ? new Date(s.dataFrom) : null,
  };
}

/** A team's score in a category: its overall one when the roll-up has no category views. */
function categoryScore(t: TeamRollup, category: Category): number | null {
  const view = t.categoryViews?.[category];
  return view ? view.score.value : t.summary.score.value;
}

function teamRow(t: TeamRollup): TeamSummaryRow {
  return {
    entity_ref: t.summary.entityRef,
    name: t.summary.name,
    title: t.summary.title ?? null,
    parent_ref: t.summary.parentRef ?? null,
    score: t.summary.score.value,
    grade: t.summary.score.grade,
    coverage: t.summary.score.coverage,
    open_cloud: t.summary.openByCategory.cloud,
    open_cluster: t.summary.openByCategory.cluster,
    open_workload: t.summary.openByCategory.workload,
    open_image: t.summary.openByCategory.image,
    open_total: openTotal(t),
    score_cloud: categoryScore(t, 'cloud'),
    score_cluster: categoryScore(t, 'cluster'),
    score_workload: categoryScore(t, 'workload'),
    score_image: categoryScore(t, 'image'),
    trend: t.summary.trend,
    entity_count: t.summary.entityCount,
    clusters: `,${t.clusters.join(',')},`,
    providers: `,${t.providers.join(',')},`,
    summary: JSON.stringify(t),
    last_scan_at: t.summary.lastScanAt ? new Date(t.summary.lastScanAt) : null,
  };
}

function historyRow(p: ScorePoint): ScoreHistoryRow {
  return {
    entity_ref: p.entityRef,
    score: p.score,
    grade: p.grade,
    coverage: p.coverage,
    open_items: p.openItems,
  };
}

const rollupOf = (row: { summary: string }): TeamRollup =>
  JSON.parse(row.summary);

/** When each cluster's last good scan ran (ISO 8601), by cluster. */
type ScanTimes = Map<string, string>;

/** The oldest last good scan of some clusters (undefined when none has one). */
function oldestScan(clusters: string[], times: ScanTimes): string | undefined {
  return clusters
    .map(c => times.get(c))
    .filter((t): t is string => Boolean(t))
    .sort()[0];
}

/**
 * A summary with the data time of its clusters' current scans: a rescan that changes
 * nothing of an entity moves its clusters' scan time, not its stored summary.
 */
function datedEntity(s: EntitySummary, times: ScanTimes): EntitySummary {
  const dataFrom = oldestScan(s.clusters, times);
  return dataFrom ? { ...s, dataFrom } : s;
}

/** A roll-up whose last scan is the newest of its entities' data times (see datedEntity). */
function datedRollup(t: TeamRollup, times: ScanTimes): TeamRollup {
  const lastScanAt = t.scanClusters
    ?.map(clusters => oldestScan(clusters, times))
    .filter((d): d is string => Boolean(d))
    .sort()
    .pop();
  return lastScanAt ? { ...t, summary: { ...t.summary, lastScanAt } } : t;
}

/** A row of the team membership table: one entity a team's roll-up counts. */
interface TeamMemberRow {
  team_ref: string;
  entity_ref: string;
  score: number | null;
}

/**
 * The membership rows of some roll-ups (an entity of each roll-up's `entityRefs` that has a
 * summary, with its score), only of the entities in `only` when given.
 */
function memberRows(
  teams: TeamRollup[],
  scores: ReadonlyMap<string, number | null>,
  only?: ReadonlySet<string>,
): TeamMemberRow[] {
  const rows: TeamMemberRow[] = [];
  for (const team of teams) {
    for (const ref of new Set(team.entityRefs)) {
      if ((only && !only.has(ref)) || !scores.has(ref)) continue;
      rows.push({
        team_ref: team.summary.entityRef,
        entity_ref: ref,
        score: scores.get(ref) ?? null,
      });
    }
  }
  return rows;
}

const scoresOf = (entities: EntitySummary[]) =>
  new Map(entities.map(s => [s.entityRef, s.score.value]));

/** Replaces the membership rows of these entities (in every team) with `rows`. */
async function rewriteMembers(
  tx: Knex.Transaction,
  entityRefs: ReadonlySet<string>,
  rows: TeamMemberRow[],
): Promise<void> {
  for (const chunk of chunks([...entityRefs], ID_CHUNK)) {
    await tx(TABLES.teamMembers).whereIn('entity_ref', chunk).delete();
  }
  for (const chunk of chunks(rows, INSERT_CHUNK)) {
    await tx(TABLES.teamMembers).insert(chunk);
  }
}

/**
 * Makes the membership table match these roll-ups and summaries, rewriting only the
 * entities whose teams or score differ from the stored rows (after a full recompute that
 * changed little, next to nothing is written).
 */
async function replaceMembers(
  tx: Knex.Transaction,
  entities: EntitySummary[],
  teams: TeamRollup[],
): Promise<void> {
  const key = (r: { team_ref: string; entity_ref: string }) =>
    `${r.team_ref}\u0000${r.entity_ref}`;
  const wanted = memberRows(teams, scoresOf(entities));
  const byKey = new Map(wanted.map(r => [key(r), r]));
  const stored: TeamMemberRow[] = await tx(TABLES.teamMembers).select(
    'team_ref',
    'entity_ref',
    'score',
  );
  const touched = new Set<string>();
  const storedKeys = new Set<string>();
  for (const row of stored) {
    storedKeys.add(key(row));
    const want = byKey.get(key(row));
    if (!want || want.score !== (row.score ?? null))
      touched.add(row.entity_ref);
  }
  for (const row of wanted) {
    if (!storedKeys.has(key(row))) touched.add(row.entity_ref);
  }
  await rewriteMembers(
    tx,
    touched,
    wanted.filter(r => touched.has(r.entity_ref)),
  );
}

/** Any fixed number: the key of the advisory lock aggregate writers share on PostgreSQL. */
const AGGREGATE_LOCK = 7_301_913;

function isPostgres(db: Knex): boolean {
  return /^(pg|postgres(ql)?)$/.test(String(db.client.config.client));
}

/**
 * Serializes aggregate writes of every replica on PostgreSQL (released at commit); SQLite
 * has a single writer already.
 */
async function lockAggregates(tx: Knex.Transaction): Promise<void> {
  if (/^(pg|postgres(ql)?)$/.test(String(tx.client.config.client))) {
    await tx.raw('select pg_advisory_xact_lock(?)', [AGGREGATE_LOCK]);
  }
}

/** Today's history points of these summaries. */
function scorePoints(
  entities: EntitySummary[],
  teams: TeamRollup[],
): ScorePoint[] {
  return [
    ...entities.map(s => ({
      entityRef: s.entityRef,
      score: s.score.value,
      grade: s.score.grade,
      coverage: s.score.coverage,
      openItems: s.openItems,
    })),
    ...teams.map(t => ({
      entityRef: t.summary.entityRef,
      score: t.summary.score.value,
      grade: t.summary.score.grade,
      coverage: t.summary.score.coverage,
      openItems: openTotal(t),
    })),
  ];
}

/** Counts one more aggregate write (inside the writer's transaction); returns the count. */
async function nextGeneration(tx: Knex.Transaction): Promise<number> {
  await tx(TABLES.aggregateState).where({ id: 1 }).increment('generation', 1);
  const row = await tx(TABLES.aggregateState)
    .where({ id: 1 })
    .first('generation');
  return Number(row.generation);
}

/**
 * Makes a summary table hold exactly these rows (keyed by `entity_ref`): rows of other
 * refs are deleted, the others upserted, so that two writers never collide on a key.
 */
async function replaceRows(
  tx: Knex.Transaction,
  table: string,
  rows: Array<{ entity_ref: string }>,
): Promise<void> {
  const keep = new Set(rows.map(r => r.entity_ref));
  const gone = (await tx(table).select('entity_ref'))
    .map(r => r.entity_ref as string)
    .filter(ref => !keep.has(ref));
  for (const chunk of chunks(gone, ID_CHUNK)) {
    await tx(table).whereIn('entity_ref', chunk).delete();
  }
  for (const chunk of chunks(rows, INSERT_CHUNK)) {
    await tx(table).insert(chunk).onConflict('entity_ref').merge();
  }
}

/**
 * The aggregates written at scan time and read by the overview: entity and team summaries
 * and the daily score history. It takes and returns summaries and roll-ups; the columns
 * besides `summary` exist to filter and sort in SQL.
 */
export class AggregateStore {
  constructor(
    readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Replaces the summaries the overview reads, and records today's score of every entity
   * and team in the history. Returns the aggregates' new generation (see `generation`).
   */
  async writeAggregates(
    entities: EntitySummary[],
    teams: TeamRollup[],
  ): Promise<number> {
    const history = scorePoints(entities, teams);
    return this.db.transaction(async tx => {
      await lockAggregates(tx);
      await replaceRows(tx, TABLES.entitySummaries, entities.map(entityRow));
      await replaceRows(tx, TABLES.teamSummaries, teams.map(teamRow));
      await replaceMembers(tx, entities, teams);
      await this.insertHistory(tx, history);
      return nextGeneration(tx);
    });
  }

  /** When each cluster's last good scan ran: summaries are dated with it when read. */
  private async scanTimes(): Promise<ScanTimes> {
    const rows = await this.db(TABLES.clusters).select(
      'name',
      'last_good_scan_at',
    );
    const times: ScanTimes = new Map();
    for (const row of rows) {
      const at = toIso(row.last_good_scan_at);
      if (at) times.set(row.name, at);
    }
    return times;
  }

  /**
   * How many times the aggregates were written: a recompute that keeps summaries between
   * runs knows from it whether someone else wrote since.
   */
  async generation(): Promise<number> {
    const row = await this.db(TABLES.aggregateState)
      .where({ id: 1 })
      .first('generation');
    return Number(row?.generation ?? 0);
  }

  /**
   * Writes only some summaries (upserts, and deletes the entity summaries in `removed`)
   * and their scores of today in the history, if the aggregates are still at `generation`;
   * returns the new generation, or undefined (nothing written) when another write came
   * in between. The teams in `unchangedTeams` (stored as they are, with today's history)
   * only count for the membership of the entities written.
   */
  async writeChanges(change: {
    generation: number;
    entities: EntitySummary[];
    removed: string[];
    teams: TeamRollup[];
    unchangedTeams?: ReadonlySet<string>;
  }): Promise<number | undefined> {
    const unchanged = change.unchangedTeams;
    const teams = unchanged
      ? change.teams.filter(t => !unchanged.has(t.summary.entityRef))
      : change.teams;
    return this.db.transaction(async tx => {
      await lockAggregates(tx);
      const row = await tx(TABLES.aggregateState)
        .where({ id: 1 })
        .first('generation');
      if (Number(row?.generation ?? 0) !== change.generation) return undefined;
      for (const chunk of chunks(change.removed, ID_CHUNK)) {
        await tx(TABLES.entitySummaries).whereIn('entity_ref', chunk).delete();
      }
      for (const [table, rows] of [
        [TABLES.entitySummaries, change.entities.map(entityRow)],
        [TABLES.teamSummaries, teams.map(teamRow)],
      ] as const) {
        for (const chunk of chunks<{ entity_ref: string }>(
          rows,
          INSERT_CHUNK,
        )) {
          await tx(table).insert(chunk).onConflict('entity_ref').merge();
        }
      }
      // Every team above a rebuilt or removed entity is among the re-rolled teams (the
      // catalog, hence who owns what, did not change): their membership of it is rewritten.
      const touched = new Set([
        ...change.entities.map(s => s.entityRef),
        ...change.removed,
      ]);
      await rewriteMembers(
        tx,
        touched,
        memberRows(change.teams, scoresOf(change.entities), touched),
      );
      await this.insertHistory(tx, scorePoints(change.entities, teams));
      return nextGeneration(tx);
    });
  }

  /** Records today's scores (one row per ref and day; a later write of the day wins). */
  async recordScores(points: ScorePoint[]): Promise<void> {
    await this.db.transaction(tx => this.insertHistory(tx, points));
  }

  private async insertHistory(tx: Knex.Transaction, points: ScorePoint[]) {
    const day = dayOf(this.now());
    for (const chunk of chunks(points, INSERT_CHUNK)) {
      await tx(TABLES.scoreHistory)
        .insert(chunk.map(p => ({ ...historyRow(p), day })))
        .onConflict(['entity_ref', 'day'])
        .merge(['score', 'grade', 'coverage', 'open_items']);
    }
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
      const latest = this.db(TABLES.scoreHistory)
        .where('day', '<=', day)
        .groupBy('entity_ref')
        .select('entity_ref')
        .max({ day: 'day' });
      if (chunk) latest.whereIn('entity_ref', chunk);
      const rows = await this.db({ h: TABLES.scoreHistory })
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
    const since = dayOf(new Date(this.now().getTime() - days * DAY_MS));
    const rows = await this.db(TABLES.scoreHistory)
      .where({ entity_ref: entityRef })
      .andWhere('day', '>=', since)
      .orderBy('day', 'asc');
    return rows.map(r => ({
      day: r.day,
      score: r.score ?? null,
      grade: (r.grade ?? null) as Grade | null,
    }));
  }

  async entitySummaries(refs: string[]): Promise<EntitySummary[]> {
    const out: EntitySummary[] = [];
    for (const chunk of chunks(refs, ID_CHUNK)) {
      const rows = await this.db(TABLES.entitySummaries)
        .whereIn('entity_ref', chunk)
        .select('summary');
      for (const row of rows) out.push(JSON.parse(row.summary));
    }
    const times = await this.scanTimes();
    return out.map(s => datedEntity(s, times));
  }

  /**
   * One page of the summaries of some entities, worst score first (entities without a
   * score last, then by ref), and how many of the entities have a summary. The refs go to
   * the database as one JSON array, so that a team of 20,000 entities is sorted and paged
   * there on narrow columns; only the page's summaries are read back.
   */
  async entitySummaryPage(
    refs: string[],
    offset: number,
    limit: number,
  ): Promise<{ total: number; summaries: EntitySummary[] }> {
    if (refs.length === 0) return { total: 0, summaries: [] };
    const refList = isPostgres(this.db)
      ? 'select json_array_elements_text(?::json)'
      : 'select value from json_each(?)';
    return this.summaryPage(
      () =>
        this.db(TABLES.entitySummaries).whereRaw(`entity_ref in (${refList})`, [
          JSON.stringify(refs),
        ]),
      offset,
      limit,
    );
  }

  /**
   * One page of a team's entities (its own and its child teams', as its roll-up counts
   * them), in the order of `entitySummaryPage`, from the membership table written with
   * the roll-ups: no list of refs goes to the database.
   */
  async teamMemberPage(
    teamRef: string,
    offset: number,
    limit: number,
  ): Promise<{ total: number; summaries: EntitySummary[] }> {
    return this.summaryPage(
      () => this.db(TABLES.teamMembers).where({ team_ref: teamRef }),
      offset,
      limit,
    );
  }

  /**
   * Sorts and pages the rows of `members` (each with `entity_ref` and `score`) in the
   * database, then reads the page's summaries.
   */
  private async summaryPage(
    members: () => Knex.QueryBuilder,
    offset: number,
    limit: number,
  ): Promise<{ total: number; summaries: EntitySummary[] }> {
    const count = async () => Number((await members().count({ n: '*' }))[0].n);
    if (limit === 0) return { total: await count(), summaries: [] };
    const page: Array<{ entity_ref: string; total: string | number }> =
      await members()
        .orderByRaw('score is null')
        .orderBy('score', 'asc')
        .orderBy('entity_ref', 'asc')
        .offset(offset)
        .limit(limit)
        .select('entity_ref', this.db.raw('count(*) over () as total'));
    if (page.length === 0) return { total: await count(), summaries: [] };
    const byRef = new Map<string, EntitySummary>();
    for (const row of await this.db(TABLES.entitySummaries)
      .whereIn(
        'entity_ref',
        page.map(r => r.entity_ref),
      )
      .select('entity_ref', 'summary')) {
      byRef.set(row.entity_ref, JSON.parse(row.summary));
    }
    return {
      total: Number(page[0].total),
      summaries: page
        .map(r => byRef.get(r.entity_ref))
        .filter((s): s is EntitySummary => Boolean(s)),
    };
  }

  /** Every entity summary, by entity ref. */
  async allEntitySummaries(): Promise<EntitySummary[]> {
    const rows = await this.db(TABLES.entitySummaries)
      .orderBy('entity_ref')
      .select('summary');
    const times = await this.scanTimes();
    return rows.map(row => datedEntity(JSON.parse(row.summary), times));
  }

  /** Every team's roll-up, by team ref. */
  async allTeamRollups(): Promise<TeamRollup[]> {
    const rows = await this.db(TABLES.teamSummaries)
      .orderBy('entity_ref')
      .select('summary');
    const times = await this.scanTimes();
    return rows.map(row => datedRollup(rollupOf(row), times));
  }

  /** The titles of some entities, from their summaries (absent: not summarized). */
  async entityTitles(refs: string[]): Promise<Map<string, string | undefined>> {
    const titles = new Map<string, string | undefined>();
    for (const chunk of chunks(refs, ID_CHUNK)) {
      const rows = await this.db(TABLES.entitySummaries)
        .whereIn('entity_ref', chunk)
        .select('entity_ref', 'title');
      for (const row of rows)
        titles.set(row.entity_ref, row.title ?? undefined);
    }
    return titles;
  }

  /** The stored grade of every team, to tell which grades a recompute lowered. */
  async teamGrades(): Promise<Map<string, string | null>> {
    const rows = await this.db(TABLES.teamSummaries).select(
      'entity_ref',
      'grade',
    );
    return new Map(rows.map(r => [r.entity_ref, r.grade ?? null]));
  }

  async teamRollup(entityRef: string): Promise<TeamRollup | undefined> {
    const row = await this.db(TABLES.teamSummaries)
      .where({ entity_ref: entityRef })
      .first('summary');
    return row ? datedRollup(rollupOf(row), await this.scanTimes()) : undefined;
  }

  /** The roll-ups of a team's direct child teams, by name. */
  async childTeams(parentRef: string): Promise<TeamRollup[]> {
    const rows = await this.db(TABLES.teamSummaries)
      .where({ parent_ref: parentRef })
      .orderBy('name')
      .select('summary');
    const times = await this.scanTimes();
    return rows.map(row => datedRollup(rollupOf(row), times));
  }

  /** The team summary rows a query matches, unsorted. */
  private matchingTeams(q: TeamQuery): Knex.QueryBuilder {
    const base = this.db(TABLES.teamSummaries);
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
    if (q.category) base.where(OPEN_COLUMN[q.category], '>', 0);
    if (q.provider) base.where('providers', 'like', `%,${q.provider},%`);
    if (q.cluster)
      base.where('clusters', 'like', `%,${q.cluster.replace(/[%_]/g, '')},%`);
    if (q.top) {
      const refs = () => this.db(TABLES.teamSummaries).select('entity_ref');
      const roots = () =>
        this.db(TABLES.teamSummaries)
          .whereNull('parent_ref')
          .orWhereNotIn('parent_ref', refs())
          .select('entity_ref');
      base.where(b =>
        b
          .whereNull('parent_ref')
          .orWhereNotIn('parent_ref', refs())
          .orWhereIn('parent_ref', roots()),
      );
    }
    return base;
  }

  /**
   * One page of the roll-ups of the teams a query matches, filtered, sorted and paged in
   * SQL (by the team's score in the category when one is selected), and how many match.
   * With `sees`, only the teams it lets through count: their refs are read in order first
   * (a narrow column), so that only the page's roll-ups are read and parsed either way.
   */
  async queryTeamRollups(
    q: TeamQuery,
    sees?: (teamRef: string) => boolean,
  ): Promise<{ total: number; rollups: TeamRollup[] }> {
    const base = this.matchingTeams(q);
    const column =
      q.sort === 'score' && q.category
        ? SCORE_COLUMN[q.category]
        : SORT_COLUMN[q.sort];
    const sorted = () =>
      base
        .clone()
        .orderByRaw(`${column} is null`) // teams without a score go last either way
        .orderBy(column, q.order)
        .orderBy('name', 'asc');
    let total: number;
    let rows: Array<{ summary: string }>;
    if (sees) {
      const ordered: Array<{ entity_ref: string }> = await sorted().select(
        'entity_ref',
      );
      const refs = ordered.map(r => r.entity_ref).filter(sees);
      const page = refs.slice(q.offset, q.offset + q.limit);
      const byRef = new Map<string, { summary: string }>();
      if (page.length) {
        for (const row of await this.db(TABLES.teamSummaries)
          .whereIn('entity_ref', page)
          .select('entity_ref', 'summary'))
          byRef.set(row.entity_ref, row);
      }
      total = refs.length;
      rows = page.flatMap(ref => byRef.get(ref) ?? []);
    } else {
      const [{ n }] = await base.clone().count({ n: '*' });
      total = Number(n);
      rows = await sorted().offset(q.offset).limit(q.limit).select('summary');
    }
    const times = await this.scanTimes();
    return {
      total,
      rollups: rows.map(r => datedRollup(rollupOf(r), times)),
    };
  }

  /** One page of team summaries, filtered and sorted in SQL, and how many match. */
  async queryTeams(
    q: TeamQuery,
  ): Promise<{ total: number; teams: TeamSummary[] }> {
    const { total, rollups } = await this.queryTeamRollups(q);
    return { total, teams: rollups.map(r => r.summary) };
  }
}
