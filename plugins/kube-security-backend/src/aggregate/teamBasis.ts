import type { EntitySummary } from '../domain/summaries';
import type { CatalogSnapshot } from '../mapping/catalogSnapshot';
import { ClusterFixerEntity, clusterFixers, grantKeysOf } from './grantActions';

/*
 * What a team roll-up takes from the entity summaries besides their figures: which teams
 * own which entities, which teams add up from their child teams' parts, and who fixes the
 * bindings of each cluster. With the catalog fixed, these change only when an entity gains
 * or loses its summary, so a recompute after a rescan keeps them and swaps in the summaries
 * it rebuilt instead of regrouping every summary.
 */

/**
 * Which teams can be rolled up from their child teams' parts: those whose children each
 * have this team as their only parent team and can be too, and below which no entity is
 * owned by two teams (an entity must not count twice). The others add up every entity of
 * their subtree themselves.
 */
function composableTeams(
  catalog: CatalogSnapshot,
  ownersOf: ReadonlyMap<string, readonly string[]>,
): Set<string> {
  const parents = new Map<string, number>();
  for (const team of catalog.teams.values()) {
    for (const child of new Set(team.childRefs)) {
      parents.set(child, (parents.get(child) ?? 0) + 1);
    }
  }
  const sharing = new Set<string>();
  for (const owners of ownersOf.values()) {
    if (owners.length > 1) for (const owner of owners) sharing.add(owner);
  }
  const verdict = new Map<string, boolean>();
  const visiting = new Set<string>();
  const composable = (ref: string): boolean => {
    const known = verdict.get(ref);
    if (known !== undefined) return known;
    // A cycle in the group tree: not a tree below here.
    if (visiting.has(ref)) return false;
    visiting.add(ref);
    const team = catalog.teams.get(ref)!;
    const ok =
      !sharing.has(ref) &&
      team.childRefs.every(
        child =>
          !catalog.teams.has(child) ||
          (parents.get(child) === 1 && composable(child)),
      );
    visiting.delete(ref);
    verdict.set(ref, ok);
    return ok;
  };
  return new Set([...catalog.teams.keys()].filter(composable));
}

/** The distinct teams of the catalog among an entity's owners, in their order. */
function teamOwners(catalog: CatalogSnapshot, entity: EntitySummary): string[] {
  return [...new Set(entity.ownerRefs)].filter(owner =>
    catalog.teams.has(owner),
  );
}

/** Counts, into `holders`, the binding keys of an entity's top items (`by` -1 takes away). */
function countGrants(
  holders: Map<string, number>,
  entity: EntitySummary,
  by: number,
): void {
  for (const item of entity.topItems) {
    for (const key of grantKeysOf(item)) {
      holders.set(key, (holders.get(key) ?? 0) + by);
    }
  }
}

/** Whether two summaries' top items name the same bindings, item by item. */
function sameGrants(a: EntitySummary, b: EntitySummary): boolean {
  if (a.topItems.length !== b.topItems.length) return false;
  return a.topItems.every((item, i) =>
    sameList(grantKeysOf(item), grantKeysOf(b.topItems[i])),
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** See the module comment. Never changed once made: `replaced` makes another. */
export class TeamBasis {
  private constructor(
    readonly catalog: CatalogSnapshot,
    /** Each team's own entities (those it owns directly). */
    readonly byOwner: ReadonlyMap<string, readonly EntitySummary[]>,
    /** The teams owning each summarized entity (possibly none). */
    private readonly ownersOf: ReadonlyMap<string, readonly string[]>,
    /** See composableTeams. */
    readonly composable: ReadonlySet<string>,
    /** The Resource entity of each cluster, whose owners fix its bindings. */
    readonly fixers: ReadonlyMap<string, ClusterFixerEntity>,
    /**
     * How many entities owned by a team have a top item naming each binding (see
     * grantKeysOf): a key held once joins its candidate to no other in any team.
     */
    readonly grantHolders: ReadonlyMap<string, number>,
  ) {}

  /** The basis of these summaries (no entity twice). */
  static of(
    catalog: CatalogSnapshot,
    entities: Iterable<EntitySummary>,
  ): TeamBasis {
    const byOwner = new Map<string, EntitySummary[]>();
    const ownersOf = new Map<string, string[]>();
    const holders = new Map<string, number>();
    for (const entity of entities) {
      const owners = teamOwners(catalog, entity);
      ownersOf.set(entity.entityRef, owners);
      if (owners.length > 0) countGrants(holders, entity, 1);
      for (const owner of owners) {
        const list = byOwner.get(owner);
        if (list) list.push(entity);
        else byOwner.set(owner, [entity]);
      }
    }
    return new TeamBasis(
      catalog,
      byOwner,
      ownersOf,
      composableTeams(catalog, ownersOf),
      clusterFixers(catalog, new Set(ownersOf.keys())),
      holders,
    );
  }

  /**
   * The basis with these summaries in place of those of the same entities. Undefined when
   * one of them had no summary here or is owned by other teams: then it is made anew (`of`).
   */
  replaced(summaries: readonly EntitySummary[]): TeamBasis | undefined {
    const byOwner = new Map(this.byOwner);
    const holders = new Map(this.grantHolders);
    const copied = new Set<string>();
    for (const summary of summaries) {
      const owners = this.ownersOf.get(summary.entityRef);
      if (!owners || !sameList(owners, teamOwners(this.catalog, summary))) {
        return undefined;
      }
      for (const owner of owners) {
        let list = byOwner.get(owner)!;
        if (!copied.has(owner)) {
          list = [...list];
          byOwner.set(owner, list);
          copied.add(owner);
        }
        const at = list.findIndex(e => e.entityRef === summary.entityRef);
        // Counted once per entity, and only when its items name other bindings than before
        // (seldom after a rescan): the counts are a map of every binding of the organisation.
        if (owner === owners[0] && !sameGrants(list[at], summary)) {
          countGrants(holders, list[at], -1);
          countGrants(holders, summary, 1);
        }
        (list as EntitySummary[])[at] = summary;
      }
    }
    return new TeamBasis(
      this.catalog,
      byOwner,
      this.ownersOf,
      this.composable,
      this.fixers,
      holders,
    );
  }
}
