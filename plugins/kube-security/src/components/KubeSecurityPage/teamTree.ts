import type {
  TeamSortField,
  TeamSummary,
} from '@kube-security/plugin-kube-security-common';
import { totalOpen } from '../TeamScorecard';

/** A team and the teams below it in the catalog's group hierarchy. */
export interface TeamNode {
  team: TeamSummary;
  children: TeamNode[];
}

/** A row of the tree as shown: the team, how deep it sits, and whether it is open. */
export interface TreeRow {
  team: TeamSummary;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

/**
 * Orders sibling teams as the flat table orders teams: by the sorted column, teams
 * without a value last either way, then by name.
 */
export function compareTeams(
  sort: TeamSortField,
  order: 'asc' | 'desc',
): (a: TeamSummary, b: TeamSummary) => number {
  const sign = order === 'desc' ? -1 : 1;
  const byName = (a: TeamSummary, b: TeamSummary) =>
    (a.title ?? a.name).localeCompare(b.title ?? b.name);
  const valueOf: Record<TeamSortField, (t: TeamSummary) => number | null> = {
    score: t => t.score.value,
    open: t => totalOpen(t),
    trend: t => t.trend,
    name: () => 0,
  };
  if (sort === 'name') return (a, b) => sign * byName(a, b);
  return (a, b) => {
    const x = valueOf[sort](a);
    const y = valueOf[sort](b);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) return sign * (x - y);
    return byName(a, b);
  };
}

/**
 * Nests teams under their parent team. A team whose parent is not in the list (the top of
 * the organisation, or a parent the filters left out) is a root; so is a team caught in a
 * cycle of parents, so that no team goes missing. Siblings are sorted with `compare`.
 */
export function buildTeamTree(
  teams: TeamSummary[],
  compare: (a: TeamSummary, b: TeamSummary) => number,
): TeamNode[] {
  const nodes = new Map<string, TeamNode>(
    teams.map(team => [team.entityRef, { team, children: [] }]),
  );
  const roots: TeamNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.team.parentRef && nodes.get(node.team.parentRef);
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  // Teams not reachable from a root sit in a cycle: the first of each becomes a root.
  const reached = new Set<string>();
  const mark = (node: TeamNode) => {
    if (reached.has(node.team.entityRef)) return;
    reached.add(node.team.entityRef);
    node.children.forEach(mark);
  };
  roots.forEach(mark);
  for (const node of nodes.values()) {
    if (reached.has(node.team.entityRef)) continue;
    for (const other of nodes.values()) {
      other.children = other.children.filter(c => c !== node);
    }
    roots.push(node);
    mark(node);
  }
  const sortAll = (list: TeamNode[]): TeamNode[] => {
    list.sort((a, b) => compare(a.team, b.team));
    list.forEach(n => sortAll(n.children));
    return list;
  };
  return sortAll(roots);
}

/** The rows a reader sees: every root, and the children of every expanded team. */
export function visibleRows(
  roots: TeamNode[],
  expanded: ReadonlySet<string>,
): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (node: TeamNode, depth: number) => {
    const open = expanded.has(node.team.entityRef);
    rows.push({
      team: node.team,
      depth,
      hasChildren: node.children.length > 0,
      expanded: open,
    });
    if (open) node.children.forEach(child => walk(child, depth + 1));
  };
  roots.forEach(root => walk(root, 0));
  return rows;
}

/** The refs of every team that has child teams (to expand the whole tree). */
export function parentRefs(roots: TeamNode[]): string[] {
  const refs: string[] = [];
  const walk = (node: TeamNode) => {
    if (node.children.length) refs.push(node.team.entityRef);
    node.children.forEach(walk);
  };
  roots.forEach(walk);
  return refs;
}
