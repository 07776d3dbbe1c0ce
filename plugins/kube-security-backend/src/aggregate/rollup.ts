import {
  CATEGORIES,
  Category,
  ClusterStatus,
  ItemStatusEntry,
  PlanItem,
  computeScore,
  getActionItem,
  isOpenStatus,
} from '@kube-security/plugin-kube-security-common';
import type {
  CatalogSnapshot,
  MappedEntity,
  TeamNode,
} from '../mapping/catalogSnapshot';
import type {
  EntitySummary,
  PlanItemSummary,
  TeamRollup,
} from '../domain/summaries';
import { categoryViews } from './categoryViews';
import { grantsOfFindings } from './grantActions';
import { TeamBasis } from './teamBasis';
import {
  TeamPart,
  categoryTopItems,
  composePart,
  scanClustersOf,
  topActionsOf,
} from './teamParts';
import type { EntityPlan } from './plans';

export type {
  EntitySummary,
  PlanItemSummary,
  TeamRollup,
} from '../domain/summaries';

/** Open items kept per entity and per team: enough for the scorecard's "show all". */
const TOP_ITEMS = 20;

/**
 * The item without its findings, but with when the oldest open one was first seen and the
 * bindings its open findings name.
 */
function withoutFindings(item: PlanItem): PlanItemSummary {
  const { findings, ...rest } = item;
  const oldest = findings
    .filter(f => !f.accepted && f.status !== 'pass')
    .map(f => f.firstSeenAt)
    .filter((d): d is string => Boolean(d))
    .sort()[0];
  const grants = grantsOfFindings(findings);
  return {
    ...rest,
    ...(oldest ? { oldestFindingAt: oldest } : {}),
    ...(grants ? { grants } : {}),
  };
}

export function summarizeEntity(
  entity: MappedEntity,
  result: EntityPlan,
): EntitySummary {
  const open = result.plan.items.filter(i => isOpenStatus(i.status));
  return {
    entityRef: entity.ref,
    title: entity.title,
    ownerRefs: entity.ownerRefs,
    provider: result.provider,
    clusters: result.clusters.map(c => c.name),
    score: result.plan.score,
    openItems: open.length,
    dataFrom: result.dataFrom,
    statuses: result.plan.items.map(i => ({
      itemId: i.itemId,
      status: i.status,
      ...(i.share ? { share: i.share } : {}),
    })),
    topItems: open.slice(0, TOP_ITEMS).map(withoutFindings),
  };
}

/** Teams below a team (itself included), guarding against cycles in the group tree. */
function subtree(team: TeamNode, teams: Map<string, TeamNode>): string[] {
  const seen = new Set<string>();
  const stack = [team.ref];
  while (stack.length) {
    const ref = stack.pop()!;
    if (seen.has(ref)) continue;
    seen.add(ref);
    for (const child of teams.get(ref)?.childRefs ?? []) stack.push(child);
  }
  return [...seen];
}

function categoryBreakdown(statuses: ItemStatusEntry[]) {
  return CATEGORIES.map(category => {
    const inCategory = statuses.filter(
      s =>
        getActionItem(s.itemId).category === category &&
        s.status !== 'not-applicable',
    );
    return {
      category,
      open: inCategory.filter(s => isOpenStatus(s.status)).length,
      total: inCategory.length,
      score: computeScore(inCategory).value,
    };
  });
}

/** What a roll-up computes: the teams asked for, and every team's part (see TeamPart). */
export interface RolledUp {
  teams: TeamRollup[];
  /** The parts of the teams rolled up, and the `kept` ones of the others. */
  parts: Map<string, TeamPart>;
}

/**
 * Rolls entity summaries up to every team (or to the teams in `only`): a team answers for
 * the entities it owns and those of its child teams, recursively. Its score gives each
 * item the share of all those entities' resources that pass (see combineScores); an item
 * stays open while any entity has work left on it. Its top actions are the most important
 * open items across them.
 *
 * A team is made of its own entities and its child teams' parts (see composePart), which
 * are taken from `kept` for the teams outside `only` (whose entities did not change).
 * `entities` may be given as their TeamBasis, kept from an earlier roll-up (see teamBasis).
 */
export function rollUpTeamParts(
  catalog: CatalogSnapshot,
  entities: readonly EntitySummary[] | TeamBasis,
  clusterStatuses: Map<string, ClusterStatus>,
  previousScores: Map<string, number | null>,
  only?: ReadonlySet<string>,
  kept?: ReadonlyMap<string, TeamPart>,
): RolledUp {
  const basis =
    entities instanceof TeamBasis ? entities : TeamBasis.of(catalog, entities);
  const { byOwner, composable, fixers } = basis;

  const parts = new Map<string, TeamPart>();
  const partOf = (ref: string): TeamPart => {
    const done = parts.get(ref);
    if (done) return done;
    const previous = kept?.get(ref);
    if (previous && only && !only.has(ref)) {
      parts.set(ref, previous);
      return previous;
    }
    const team = catalog.teams.get(ref)!;
    let part: TeamPart;
    if (composable.has(ref)) {
      part = composePart(
        byOwner.get(ref) ?? [],
        [...new Set(team.childRefs)]
          .filter(child => catalog.teams.has(child))
          .map(partOf),
        TOP_ITEMS,
        previous,
      );
    } else {
      const members = new Map<string, EntitySummary>();
      for (const member of subtree(team, catalog.teams)) {
        for (const entity of byOwner.get(member) ?? [])
          members.set(entity.entityRef, entity);
      }
      part = composePart([...members.values()], [], TOP_ITEMS, previous);
    }
    parts.set(ref, part);
    return part;
  };

  const teams = [...catalog.teams.values()]
    .filter(team => !only || only.has(team.ref))
    .sort((a, b) => a.ref.localeCompare(b.ref))
    .map(team => {
      const part = partOf(team.ref);
      // One pooling of the members' statuses gives the score, the merged items and each
      // category's score (the same values as combineScores, mergeItemStatuses, computeScore).
      const { score, merged, byCategory } = part.pool.figures();
      const categories = categoryBreakdown(merged);
      const openByCategory = Object.fromEntries(
        categories.map(c => [c.category, c.open]),
      ) as Record<Category, number>;

      const topActions = topActionsOf(
        part,
        TOP_ITEMS,
        fixers,
        basis.grantHolders,
      );

      const clusters = part.clusters;
      const providers = [
        ...new Set(
          clusters
            .map(c => clusterStatuses.get(c)?.provider)
            .filter((p): p is NonNullable<typeof p> => Boolean(p)),
        ),
      ].sort();
      const before = previousScores.get(team.ref);
      const trend =
        score.value !== null && before !== undefined && before !== null
          ? score.value - before
          : null;
      const top = topActions[0]?.item;

      return {
        summary: {
          entityRef: team.ref,
          name: team.name,
          title: team.title,
          parentRef: team.parentRef,
          score,
          trend,
          openByCategory,
          topItem: top && {
            itemId: top.itemId,
            title: top.title,
            status: top.status,
            severity: top.severity,
          },
          entityCount: part.entityRefs.length,
          lastScanAt: part.lastScanAt,
        },
        clusters: [...clusters],
        providers,
        // Shared with the part (neither is changed): an unchanged list is not copied.
        entityRefs: part.entityRefs,
        scanClusters: scanClustersOf(part),
        topActions,
        categoryViews: categoryViews(categoryTopItems(part), byCategory),
        categories,
      };
    });
  if (kept) {
    for (const [ref, part] of kept) if (!parts.has(ref)) parts.set(ref, part);
  }
  return { teams, parts };
}

/** Rolls entity summaries up to every team, or to the teams in `only` (see rollUpTeamParts). */
export function rollUpTeams(
  catalog: CatalogSnapshot,
  entities: readonly EntitySummary[] | TeamBasis,
  clusterStatuses: Map<string, ClusterStatus>,
  previousScores: Map<string, number | null>,
  only?: ReadonlySet<string>,
): TeamRollup[] {
  return rollUpTeamParts(
    catalog,
    entities,
    clusterStatuses,
    previousScores,
    only,
  ).teams;
}
