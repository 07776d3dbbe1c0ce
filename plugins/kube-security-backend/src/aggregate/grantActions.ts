import type {
  ActionFixer,
  Finding,
  GrantRef,
  TeamAction,
} from '@kube-security/plugin-kube-security-common';
import { SEVERITY_RANK } from '@kube-security/plugin-kube-security-common';
import type {
  ClusterGrant,
  EntitySummary,
  PlanItemSummary,
} from '../domain/summaries';
import type { CatalogSnapshot } from '../mapping/catalogSnapshot';

/*
 * One binding on a cluster can give the cluster's Resource and several components findings
 * of the same item: the binding itself, the role it grants, the workloads that run with
 * it. In a team's top actions they are one piece of work, done by whoever owns the
 * cluster: this module finds those groups and says who fixes them.
 */

/** The cluster's Resource entity, whose owners fix bindings on the cluster. */
export interface ClusterFixerEntity {
  entityRef: string;
  title?: string;
  ownerRefs: string[];
}

/**
 * The Resource entity of each cluster among the summarized entities (a Resource whose claim
 * the mapping refused has no summary and fixes nothing).
 */
export function clusterFixers(
  catalog: CatalogSnapshot,
  summarized: ReadonlySet<string>,
): Map<string, ClusterFixerEntity> {
  const fixers = new Map<string, ClusterFixerEntity>();
  for (const entity of catalog.entities) {
    const cluster = entity.representsCluster;
    if (!cluster || !summarized.has(entity.ref) || fixers.has(cluster))
      continue;
    fixers.set(cluster, {
      entityRef: entity.ref,
      title: entity.title,
      ownerRefs: entity.ownerRefs,
    });
  }
  return fixers;
}

function grantKey(g: ClusterGrant): string {
  return `${g.cluster}|${g.kind}|${g.namespace ?? ''}|${g.name}`;
}

function compareGrants(a: ClusterGrant, b: ClusterGrant): number {
  const ka = grantKey(a);
  const kb = grantKey(b);
  if (ka === kb) return 0;
  return ka < kb ? -1 : 1;
}

/**
 * The distinct bindings named by an item's open findings (not passing, not accepted), sorted;
 * undefined when none.
 */
export function grantsOfFindings(
  findings: readonly Finding[],
): ClusterGrant[] | undefined {
  const byKey = new Map<string, ClusterGrant>();
  for (const f of findings) {
    if (!f.grant || f.accepted || f.status === 'pass') continue;
    const grant: ClusterGrant = {
      cluster: f.resource.cluster ?? '',
      kind: f.grant.kind,
      name: f.grant.name,
      ...(f.grant.namespace !== undefined
        ? { namespace: f.grant.namespace }
        : {}),
    };
    byKey.set(grantKey(grant), grant);
  }
  return byKey.size > 0 ? [...byKey.values()].sort(compareGrants) : undefined;
}

const NO_KEYS: readonly string[] = Object.freeze([]);

/** Each item's keys (see grantKeysOf), made once per item: summaries outlive recomputes. */
const keysOfItem = new WeakMap<PlanItemSummary, readonly string[]>();

/**
 * What joins an item's candidate to others: one key per binding its findings name, with
 * the item (candidates of one item that name a common binding are one action).
 */
export function grantKeysOf(item: PlanItemSummary): readonly string[] {
  // Most items name no binding: they are answered without the map (at 1M findings its
  // lookups cost more than the rest of an incremental team roll-up).
  if (!item.grants?.length) return NO_KEYS;
  let keys = keysOfItem.get(item);
  if (!keys) {
    keys = (item.grants ?? []).map(
      grant => `${item.itemId}|${grantKey(grant)}`,
    );
    keysOfItem.set(item, keys);
  }
  return keys;
}

/** An open item of one entity, as the roll-up ranks them. */
export interface ActionCandidate {
  entity: EntitySummary;
  item: PlanItemSummary;
  /** Set on the candidate that stands for a group of entities' items. */
  fixBy?: ActionFixer[];
  affectedEntities?: TeamAction['affectedEntities'];
}

/** What the grouping answers: the candidates to rank instead of the grouped ones. */
export interface GrantGroups {
  /** One per group: the member that comes first, standing for all of them. */
  leads: Map<ActionCandidate, ActionCandidate>;
  /** Members that another candidate stands for: left out of the ranking. */
  absorbed: Set<ActionCandidate>;
}

/**
 * Groups the candidates of one item whose open findings name a common binding on the same
 * cluster (transitively: A and B share one binding, B and C another). A group of several
 * entities becomes one action: its first member (by `first`) with the affected and exposed
 * counts of all, the worst severity, the oldest finding, the entities it stands for, and
 * the owners of each cluster's Resource as the ones to fix it. An entity alone whose item
 * names a ClusterRoleBinding of a cluster it does not represent is told who fixes that
 * binding too. Only the ranked list changes: each entity's own plan keeps its findings.
 * A group whose first member `needed` refuses (it cannot rank high enough to be shown) is
 * not made: all its members count as absorbed.
 */
export function groupByGrant(
  candidates: readonly ActionCandidate[],
  fixers: ReadonlyMap<string, ClusterFixerEntity>,
  first: (a: ActionCandidate, b: ActionCandidate) => number,
  needed?: (lead: ActionCandidate) => boolean,
): GrantGroups {
  const leads = new Map<ActionCandidate, ActionCandidate>();
  const absorbed = new Set<ActionCandidate>();
  const withGrants = candidates.filter(c => c.item.grants?.length);
  if (withGrants.length === 0) return { leads, absorbed };

  // Union-find over the candidates, joined through the bindings they name.
  const parent = withGrants.map((_, i) => i);
  const root = (start: number): number => {
    let i = start;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const holder = new Map<string, number>();
  withGrants.forEach((c, i) => {
    for (const key of grantKeysOf(c.item)) {
      const other = holder.get(key);
      if (other === undefined) holder.set(key, i);
      else parent[root(i)] = root(other);
    }
  });
  const groups = new Map<number, ActionCandidate[]>();
  withGrants.forEach((c, i) => {
    const r = root(i);
    const list = groups.get(r) ?? [];
    list.push(c);
    groups.set(r, list);
  });

  for (const members of groups.values()) {
    if (needed) {
      let best = members[0];
      for (const m of members) if (first(m, best) < 0) best = m;
      if (!needed(best)) {
        for (const m of members) absorbed.add(m);
        continue;
      }
    }
    members.sort(first);
    const lead = members[0];
    const entities = [...new Set(members.map(m => m.entity.entityRef))];
    const grants = members.flatMap(m => m.item.grants!);
    const fixBy = fixersOf(grants, fixers);
    if (entities.length < 2) {
      const alone = fixBy.filter(
        f =>
          f.entityRef !== lead.entity.entityRef &&
          f.grants.some(g => g.kind === 'ClusterRoleBinding'),
      );
      if (alone.length > 0) leads.set(lead, { ...lead, fixBy: alone });
      continue;
    }
    for (const m of members.slice(1)) absorbed.add(m);
    leads.set(lead, {
      entity: lead.entity,
      item: mergedItem(members.map(m => m.item)),
      ...(fixBy.length > 0 ? { fixBy } : {}),
      affectedEntities: members
        .map(m => ({
          entityRef: m.entity.entityRef,
          ...(m.entity.title ? { title: m.entity.title } : {}),
          affected: m.item.affected,
          exposed: m.item.exposed,
          ...(m.item.severity ? { severity: m.item.severity } : {}),
        }))
        .sort((a, b) => a.entityRef.localeCompare(b.entityRef)),
    });
  }
  return { leads, absorbed };
}

/** The fixer of each cluster the bindings are on, with those bindings (sorted). */
function fixersOf(
  grants: ClusterGrant[],
  fixers: ReadonlyMap<string, ClusterFixerEntity>,
): ActionFixer[] {
  const byCluster = new Map<string, Map<string, ClusterGrant>>();
  for (const grant of grants) {
    const map = byCluster.get(grant.cluster) ?? new Map();
    map.set(grantKey(grant), grant);
    byCluster.set(grant.cluster, map);
  }
  const out: ActionFixer[] = [];
  for (const cluster of [...byCluster.keys()].sort()) {
    const fixer = fixers.get(cluster);
    if (!fixer) continue;
    out.push({
      cluster,
      entityRef: fixer.entityRef,
      ...(fixer.title ? { entityTitle: fixer.title } : {}),
      ownerRefs: fixer.ownerRefs,
      grants: [...byCluster.get(cluster)!.values()]
        .sort(compareGrants)
        .map(toGrantRef),
    });
  }
  return out;
}

function toGrantRef(grant: ClusterGrant): GrantRef {
  return {
    kind: grant.kind,
    name: grant.name,
    ...(grant.namespace !== undefined ? { namespace: grant.namespace } : {}),
  };
}

/** The first item, counting the resources of all and their worst severity and oldest finding. */
function mergedItem(items: PlanItemSummary[]): PlanItemSummary {
  const [lead] = items;
  const severities = items
    .map(i => i.severity)
    .filter((s): s is NonNullable<typeof s> => Boolean(s));
  const worst = severities.sort(
    (a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a],
  )[0];
  const oldest = items
    .map(i => i.oldestFindingAt)
    .filter((d): d is string => Boolean(d))
    .sort()[0];
  return {
    ...lead,
    affected: items.reduce((n, i) => n + i.affected, 0),
    exposed: items.reduce((n, i) => n + i.exposed, 0),
    ...(worst ? { severity: worst } : {}),
    ...(oldest ? { oldestFindingAt: oldest } : {}),
  };
}
