import {
  CATEGORIES,
  Category,
  ClusterStatus,
  ItemStatusEntry,
  PlanItem,
  TeamAction,
  computeScore,
  getActionItem,
  isOpenStatus,
  poolTeamStatuses,
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
import {
  ActionCandidate,
  ClusterFixerEntity,
  clusterFixers,
  grantsOfFindings,
  groupByGrant,
} from './grantActions';
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

/**
 * The most important open items of some entities: by priority, then entity ref, then the
 * order they come in (what a stable sort of all of them would put first), kept a few at a
 * time so that a team of thousands of entities does not sort every item of every entity.
 * Items of several entities whose findings name the same RBAC binding on a cluster are one
 * action, fixed by the cluster's owner (see groupByGrant).
 */
function topActionsOf(
  list: EntitySummary[],
  limit: number,
  fixers: ReadonlyMap<string, ClusterFixerEntity>,
): TeamAction[] {
  type Candidate = ActionCandidate & { seq: number };
  const first = (a: Candidate, b: Candidate) =>
    b.item.priority - a.item.priority ||
    a.entity.entityRef.localeCompare(b.entity.entityRef) ||
    a.seq - b.seq;
  const granted: Candidate[] = [];
  let seq = 0;
  for (const entity of list) {
    for (const item of entity.topItems) {
      if (item.grants?.length) granted.push({ entity, item, seq });
      seq++;
    }
  }
  const groups = groupByGrant(granted, fixers, (a, b) =>
    first(a as Candidate, b as Candidate),
  );
  const byPlace = new Map(granted.map(c => [c.seq, c]));
  const top: Candidate[] = [];
  seq = 0;
  for (const entity of list) {
    for (const item of entity.topItems) {
      const place = seq++;
      const known = byPlace.get(place);
      if (known && groups.absorbed.has(known)) continue;
      const lead = known && groups.leads.get(known);
      const candidate: Candidate = lead
        ? { ...lead, seq: place }
        : { entity, item, seq: place };
      if (top.length === limit && first(candidate, top[limit - 1]) > 0) {
        continue;
      }
      let at = top.length;
      while (at > 0 && first(candidate, top[at - 1]) < 0) at--;
      top.splice(at, 0, candidate);
      if (top.length > limit) top.pop();
    }
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

/**
 * Rolls entity summaries up to every team (or to the teams in `only`): a team answers for
 * the entities it owns and those of its child teams, recursively. Its score gives each
 * item the share of all those entities' resources that pass (see combineScores); an item
 * stays open while any entity has work left on it. Its top actions are the most important
 * open items across them.
 */
export function rollUpTeams(
  catalog: CatalogSnapshot,
  entities: EntitySummary[],
  clusterStatuses: Map<string, ClusterStatus>,
  previousScores: Map<string, number | null>,
  only?: ReadonlySet<string>,
): TeamRollup[] {
  const fixers = clusterFixers(
    catalog,
    new Set(entities.map(e => e.entityRef)),
  );
  const byOwner = new Map<string, EntitySummary[]>();
  for (const entity of entities) {
    for (const owner of entity.ownerRefs) {
      if (!catalog.teams.has(owner)) continue;
      const list = byOwner.get(owner) ?? [];
      list.push(entity);
      byOwner.set(owner, list);
    }
  }

  return [...catalog.teams.values()]
    .filter(team => !only || only.has(team.ref))
    .sort((a, b) => a.ref.localeCompare(b.ref))
    .map(team => {
      const members = new Map<string, EntitySummary>();
      for (const ref of subtree(team, catalog.teams)) {
        for (const entity of byOwner.get(ref) ?? [])
          members.set(entity.entityRef, entity);
      }
      const list = [...members.values()];
      // One pooling of the members' statuses gives the score, the merged items and each
      // category's score (the same values as combineScores, mergeItemStatuses, computeScore).
      const { score, merged, byCategory } = poolTeamStatuses(
        list.map(e => e.statuses),
      );
      const categories = categoryBreakdown(merged);
      const openByCategory = Object.fromEntries(
        categories.map(c => [c.category, c.open]),
      ) as Record<Category, number>;

      const topActions = topActionsOf(list, TOP_ITEMS, fixers);

      const clusters = [...new Set(list.flatMap(e => e.clusters))].sort();
      const providers = [
        ...new Set(
          clusters
            .map(c => clusterStatuses.get(c)?.provider)
            .filter((p): p is NonNullable<typeof p> => Boolean(p)),
        ),
      ].sort();
      const lastScanAt = list
        .map(e => e.dataFrom)
        .filter((d): d is string => Boolean(d))
        .sort()
        .pop();
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
          entityCount: list.length,
          lastScanAt,
        },
        clusters,
        providers,
        entityRefs: list.map(e => e.entityRef).sort(),
        scanClusters: distinctClusterSets(list.map(e => e.clusters)),
        topActions,
        categoryViews: categoryViews(list, byCategory),
        categories,
      };
    });
}

/** The distinct sets of clusters (each sorted), in the order of their JSON text. */
function distinctClusterSets(
  sets: ReadonlyArray<readonly string[]>,
): string[][] {
  const byKey = new Map<string, string[]>();
  for (const set of sets) {
    const sorted = [...set].sort();
    byKey.set(JSON.stringify(sorted), sorted);
  }
  return [...byKey.keys()].sort().map(key => byKey.get(key)!);
}
