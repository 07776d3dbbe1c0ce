import type {
  ActionFixer,
  TeamAction,
} from '@kube-security/plugin-kube-security-common';

/** One fix of a team's plan, with every entity of the team it applies to. */
export interface GroupedTeamAction {
  /** The item as its most urgent entity has it (first in priority order). */
  item: TeamAction['item'];
  entities: Array<{ entityRef: string; entityTitle?: string }>;
  /** Resources affected and internet-exposed, summed over the entities. */
  affected: number;
  exposed: number;
  /** Resources passing of all the entities', when they count the same unit. */
  share?: TeamAction['item']['share'];
  /** When the oldest open finding of any of the entities was first seen. */
  oldestFindingAt?: string;
  /** Owners of the clusters whose RBAC bindings the fix is about (one per cluster). */
  fixBy: ActionFixer[];
}

/** The entities an action stands for: several when one binding is behind all of them. */
function entitiesOf(action: TeamAction): GroupedTeamAction['entities'] {
  return (
    action.affectedEntities?.map(e => ({
      entityRef: e.entityRef,
      entityTitle: e.title,
    })) ?? [{ entityRef: action.entityRef, entityTitle: action.entityTitle }]
  );
}

/** The fixers of some actions, one per cluster, with all their bindings. */
function mergeFixers(actions: TeamAction[]): ActionFixer[] {
  const byCluster = new Map<string, ActionFixer>();
  for (const fixer of actions.flatMap(a => a.fixBy ?? [])) {
    const known = byCluster.get(fixer.cluster);
    if (!known) {
      byCluster.set(fixer.cluster, fixer);
      continue;
    }
    const grants = [...known.grants];
    for (const g of fixer.grants) {
      if (
        !grants.some(
          k =>
            k.kind === g.kind &&
            k.name === g.name &&
            k.namespace === g.namespace,
        )
      )
        grants.push(g);
    }
    byCluster.set(fixer.cluster, { ...known, grants });
  }
  return [...byCluster.values()];
}

function sumShares(
  shares: Array<TeamAction['item']['share']>,
): TeamAction['item']['share'] {
  const [first] = shares;
  if (!first || shares.some(s => !s || s.unit !== first.unit)) return undefined;
  return shares.reduce((sum, s) => ({
    ...sum!,
    passing: sum!.passing + s!.passing,
    total: sum!.total + s!.total,
    earned: sum!.earned + s!.earned,
    weight: sum!.weight + s!.weight,
  }));
}

/**
 * The team's actions with one row per fix: the same item on several entities is
 * listed once, at the rank of its most urgent entity, naming all of them.
 */
export function groupTeamActions(actions: TeamAction[]): GroupedTeamAction[] {
  const byItem = new Map<string, TeamAction[]>();
  for (const action of actions) {
    const list = byItem.get(action.item.itemId) ?? [];
    if (!list.some(a => a.entityRef === action.entityRef)) list.push(action);
    byItem.set(action.item.itemId, list);
  }
  return [...byItem.values()].map(list => ({
    item: list[0].item,
    entities: [
      ...new Map(
        list.flatMap(entitiesOf).map(e => [e.entityRef, e] as const),
      ).values(),
    ],
    affected: list.reduce((n, a) => n + a.item.affected, 0),
    exposed: list.reduce((n, a) => n + a.item.exposed, 0),
    share: sumShares(list.map(a => a.item.share)),
    oldestFindingAt: list
      .map(a => a.item.oldestFindingAt)
      .filter((d): d is string => Boolean(d))
      .sort()[0],
    fixBy: mergeFixers(list),
  }));
}
