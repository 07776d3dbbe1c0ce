import {
  Category,
  StatusPool,
  TeamAction,
} from '@kube-security/plugin-kube-security-common';
import type { EntitySummary, PlanItemSummary } from '../domain/summaries';
import {
  ActionCandidate,
  ClusterFixerEntity,
  grantKeysOf,
  groupByGrant,
} from './grantActions';

/*
 * What a team's roll-up is made of, in a form that adds up: a team's part is its own
 * entities' part plus its child teams' parts, whatever the grouping, so a team is rolled up
 * from its children's parts instead of every entity below it (and after a rescan, the
 * teams that did not change keep theirs).
 */

/** An open item of one entity, with its place among that entity's top items. */
export interface RankedCandidate extends ActionCandidate {
  index: number;
}

/**
 * The order of a team's top actions: by priority, then entity ref, then the entity's own
 * order. It is a total order, so the top of a union is the top of its parts' tops.
 */
export function compareCandidates(
  a: RankedCandidate,
  b: RankedCandidate,
): number {
  return (
    b.item.priority - a.item.priority ||
    a.entity.entityRef.localeCompare(b.entity.entityRef) ||
    a.index - b.index
  );
}

/** Whether an entity's item would rank before `than`, without making a candidate of it. */
function ranksBefore(
  entity: EntitySummary,
  item: PlanItemSummary,
  index: number,
  than: RankedCandidate,
): boolean {
  return (
    (than.item.priority - item.priority ||
      entity.entityRef.localeCompare(than.entity.entityRef) ||
      index - than.index) < 0
  );
}

/** A category's most important open item and the entity it comes from. */
interface CategoryBest {
  item: PlanItemSummary;
  entityRef: string;
}

/** By priority, then item id, then entity ref: a total order, like the candidates'. */
function betterInCategory(a: CategoryBest, b: CategoryBest): boolean {
  return (
    (b.item.priority - a.item.priority ||
      a.item.itemId.localeCompare(b.item.itemId) ||
      a.entityRef.localeCompare(b.entityRef)) < 0
  );
}

/** What a team (with every team below it) adds up to. */
export interface TeamPart {
  /** The entities' item statuses, pooled. */
  pool: StatusPool;
  /** The entities' refs, sorted. */
  entityRefs: string[];
  /**
   * What `entityRefs` was merged from: the child parts' `entityRefs` (the same arrays) and
   * the own entities' refs, sorted. A part made again from the same keeps its list.
   */
  refRuns: ReadonlyArray<readonly string[]>;
  /** The first open items whose findings name no binding, at most `limit`, in order. */
  top: RankedCandidate[];
  /** Every open item whose findings name a binding (grouped per team, see groupByGrant). */
  granted: RankedCandidate[];
  /** The entities' clusters, sorted. */
  clusters: string[];
  /** The newest of the entities' data times. */
  lastScanAt?: string;
  /** The entities' distinct cluster lists (each sorted), by their JSON text. */
  scanClusters: Map<string, string[]>;
  /** Each category's most important open item. */
  best: Map<Category, CategoryBest>;
}

/** Inserts a candidate into a list in order, keeping at most `limit`. */
function insertRanked(
  top: RankedCandidate[],
  candidate: RankedCandidate,
  limit: number,
): void {
  let at = top.length;
  while (at > 0 && compareCandidates(candidate, top[at - 1]) < 0) at--;
  if (at >= limit) return;
  top.splice(at, 0, candidate);
  if (top.length > limit) top.pop();
}

/** Whether two lists of sorted ref lists are the same lists (children's by identity). */
function sameRuns(
  a: ReadonlyArray<readonly string[]>,
  b: ReadonlyArray<readonly string[]>,
): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length - 1; i++) if (a[i] !== b[i]) return false;
  const x = a[a.length - 1];
  const y = b[b.length - 1];
  return x.length === y.length && x.every((ref, i) => ref === y[i]);
}

/**
 * The part of some entities (`own`, no entity twice) together with the parts of other,
 * disjoint sets of entities (`children`): the same part as of all those entities at once.
 * Given the `previous` part of the same team, its entity list is kept when the entities
 * are the same (the sorted list of a large team is not merged again after a rescan).
 */
export function composePart(
  own: readonly EntitySummary[],
  children: readonly TeamPart[],
  limit: number,
  previous?: TeamPart,
): TeamPart {
  const pool = new StatusPool();
  const top: RankedCandidate[] = [];
  const granted: RankedCandidate[] = [];
  const clusters = new Set<string>();
  const scanClusters = new Map<string, string[]>();
  const best = new Map<Category, CategoryBest>();
  const ownRefs = own.map(entity => entity.entityRef).sort();
  const refRuns = [...children.map(child => child.entityRefs), ownRefs];
  let lastScanAt: string | undefined;
  const later = (at?: string) => {
    if (at && (lastScanAt === undefined || at > lastScanAt)) lastScanAt = at;
  };
  const offerBest = (candidate: CategoryBest) => {
    const current = best.get(candidate.item.category);
    if (!current || betterInCategory(candidate, current)) {
      best.set(candidate.item.category, candidate);
    }
  };

  for (const child of children) {
    pool.addPool(child.pool);
    for (const candidate of child.top) insertRanked(top, candidate, limit);
    for (const candidate of child.granted) granted.push(candidate);
    for (const cluster of child.clusters) clusters.add(cluster);
    later(child.lastScanAt);
    for (const [key, set] of child.scanClusters) scanClusters.set(key, set);
    for (const b of child.best.values()) offerBest(b);
  }
  for (const entity of own) {
    pool.addEntries(entity.statuses);
    entity.topItems.forEach((item, index) => {
      if (item.grants?.length) {
        granted.push({ entity, item, index });
      } else if (
        top.length < limit ||
        ranksBefore(entity, item, index, top[top.length - 1])
      ) {
        insertRanked(top, { entity, item, index }, limit);
      }
      offerBest({ item, entityRef: entity.entityRef });
    });
    for (const cluster of entity.clusters) clusters.add(cluster);
    later(entity.dataFrom);
    const sorted = [...entity.clusters].sort();
    const key = JSON.stringify(sorted);
    if (!scanClusters.has(key)) scanClusters.set(key, sorted);
  }
  return {
    pool,
    entityRefs:
      previous && sameRuns(previous.refRuns, refRuns)
        ? previous.entityRefs
        : // Sorted runs of the children and the own entities: sorting merges them.
          refRuns.flat().sort(),
    refRuns,
    top,
    granted,
    clusters: [...clusters].sort(),
    lastScanAt,
    scanClusters,
    best,
  };
}

/** Passes over the candidates after which joinedTo gives up and answers all of them. */
const JOIN_PASSES = 4;

/**
 * The `seeds` and every candidate of `all` that shares a binding with them, directly or
 * through others (their whole groups, as groupByGrant makes them). Bindings are rarely
 * chained, so a few passes find everything; after JOIN_PASSES it answers `all`, which
 * holds every group too.
 */
function joinedTo(
  seeds: readonly RankedCandidate[],
  all: readonly RankedCandidate[],
  holders?: ReadonlyMap<string, number>,
): readonly RankedCandidate[] {
  if (seeds.length === 0) return seeds;
  const keys = new Set(seeds.flatMap(c => grantKeysOf(c.item)));
  // Bindings that no other entity's item names join nothing.
  if (holders && [...keys].every(key => holders.get(key) === 1)) return seeds;
  const joined = new Set(seeds);
  for (let pass = 0; pass < JOIN_PASSES; pass++) {
    let grew = false;
    for (const candidate of all) {
      if (joined.has(candidate)) continue;
      const own = grantKeysOf(candidate.item);
      if (!own.some(key => keys.has(key))) continue;
      joined.add(candidate);
      for (const key of own) keys.add(key);
      grew = true;
    }
    if (!grew) return [...joined];
  }
  return all;
}

/**
 * The most important open items of a part: items of several entities whose findings name
 * the same RBAC binding on a cluster are one action, fixed by the cluster's owner (see
 * groupByGrant), ranked where their first member ranks. `holders` (TeamBasis.grantHolders),
 * when given, says which bindings no other entity's item names: those join nothing.
 */
export function topActionsOf(
  part: TeamPart,
  limit: number,
  fixers: ReadonlyMap<string, ClusterFixerEntity>,
  holders?: ReadonlyMap<string, number>,
): TeamAction[] {
  const top = part.top.slice(0, limit);
  // A group ranks where its first member does: one that ranks after a full top of items
  // without bindings is never shown, and is not made.
  const last = top.length === limit ? top[limit - 1] : undefined;
  // Only a group with a member ranking before `last` can be shown: the candidates that
  // rank so with those they share bindings with are grouped, every other one is left out.
  const candidates = last
    ? joinedTo(
        part.granted.filter(c => compareCandidates(c, last) < 0),
        part.granted,
        holders,
      )
    : part.granted;
  const groups = groupByGrant(
    candidates,
    fixers,
    (a, b) => compareCandidates(a as RankedCandidate, b as RankedCandidate),
    last && (lead => compareCandidates(lead as RankedCandidate, last) < 0),
  );
  for (const candidate of candidates) {
    if (groups.absorbed.has(candidate)) continue;
    const lead = groups.leads.get(candidate);
    insertRanked(
      top,
      lead ? { ...lead, index: candidate.index } : candidate,
      limit,
    );
  }
  return top.map(({ entity, item, fixBy, affectedEntities }) => {
    const { grants: _grants, ...rest } = item;
    return {
      entityRef: entity.entityRef,
      entityTitle: entity.title,
      provider: entity.provider as TeamAction['provider'],
      item: { ...rest, findings: [] },
      ...(fixBy ? { fixBy } : {}),
      ...(affectedEntities ? { affectedEntities } : {}),
    };
  });
}

/** The distinct cluster lists of a part, in the order of their JSON text. */
export function scanClustersOf(part: TeamPart): string[][] {
  return [...part.scanClusters.keys()]
    .sort()
    .map(key => part.scanClusters.get(key)!);
}

/** Each category's most important open item of a part. */
export function categoryTopItems(
  part: TeamPart,
): Map<Category, PlanItemSummary> {
  return new Map([...part.best].map(([category, b]) => [category, b.item]));
}
