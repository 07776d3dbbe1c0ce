import {
  ACTION_ITEM_IDS,
  ItemStatus,
  ItemStatusEntry,
  computeScore,
  getActionItem,
  isOpenStatus,
} from '@kube-security/plugin-kube-security-common';
import type { EntitySummary, PlanItemSummary } from '../domain/summaries';
import type { CatalogSnapshot, TeamNode } from '../mapping/catalogSnapshot';
import { clusterFixers } from './grantActions';
import { rollUpTeamParts, rollUpTeams } from './rollup';
import { TeamBasis } from './teamBasis';
import { composePart, TeamPart, topActionsOf } from './teamParts';

/*
 * A team rolled up from its child teams' parts must equal the team rolled up from every
 * entity below it, and a roll-up of some teams that takes the others' parts from an
 * earlier one must equal rolling up everything again.
 */

/** A small deterministic generator. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick };
}

const group = (name: string) => `group:default/${name}`;

/** A four-level tree: org, 3 departments, 2 areas each, 3 teams per area. */
function tree(): Map<string, TeamNode> {
  const teams = new Map<string, TeamNode>();
  const add = (name: string, parent?: string) => {
    teams.set(group(name), {
      ref: group(name),
      name,
      childRefs: [],
      ...(parent ? { parentRef: group(parent) } : {}),
    });
    if (parent) teams.get(group(parent))!.childRefs.push(group(name));
  };
  add('org');
  for (let d = 0; d < 3; d++) {
    add(`dept-${d}`, 'org');
    for (let a = 0; a < 2; a++) {
      add(`area-${d}-${a}`, `dept-${d}`);
      for (let t = 0; t < 3; t++) add(`team-${d}-${a}-${t}`, `area-${d}-${a}`);
    }
  }
  return teams;
}

const STATUSES: ItemStatus[] = [
  'pass',
  'fail',
  'partial',
  'unknown',
  'not-applicable',
  'accepted',
  'attested',
];
const BINDINGS = ['admin', 'reader', 'deployer'];

function entitySummary(
  rnd: ReturnType<typeof random>,
  i: number,
  owners: string[],
): EntitySummary {
  const statuses: ItemStatusEntry[] = ACTION_ITEM_IDS.filter(
    () => rnd.next() < 0.7,
  ).map(itemId => {
    const status = rnd.pick(STATUSES);
    if (rnd.next() < 0.4) return { itemId, status };
    const total = 1 + rnd.int(9);
    const passing = rnd.int(total + 1);
    // Shares are kept to a thousandth, as itemShare gives them.
    const weight = Math.round((total + rnd.next() * 3) * 1000) / 1000;
    const earned = Math.round(weight * rnd.next() * 1000) / 1000;
    return {
      itemId,
      status,
      share: { unit: 'workloads', passing, total, earned, weight },
    };
  });
  const topItems: PlanItemSummary[] = statuses
    .filter(s => isOpenStatus(s.status))
    .map(s => {
      const item = getActionItem(s.itemId);
      const grants =
        item.id === 'workload-rbac-least-privilege' && rnd.next() < 0.6
          ? [
              {
                cluster: rnd.pick(['c1', 'c2']),
                kind: 'ClusterRoleBinding' as const,
                name: rnd.pick(BINDINGS),
              },
            ]
          : undefined;
      return {
        itemId: s.itemId,
        category: item.category,
        title: item.title,
        status: s.status,
        severity: rnd.pick(['critical', 'high', 'medium'] as const),
        // Few distinct priorities: ties between entities and items are common.
        priority: rnd.pick([10, 20, 20.5, 40]),
        affected: 1 + rnd.int(4),
        exposed: rnd.int(2),
        ...(grants ? { grants } : {}),
      };
    })
    .sort((a, b) => b.priority - a.priority);
  const clusters = ['c1', 'c2', 'c3'].filter(() => rnd.next() < 0.6);
  return {
    entityRef: `component:default/svc-${String(i).padStart(3, '0')}`,
    title: `Service ${i}`,
    ownerRefs: owners,
    clusters,
    score: computeScore(statuses),
    openItems: topItems.length,
    ...(rnd.next() < 0.9
      ? { dataFrom: `2026-12-0${1 + rnd.int(5)}T0${rnd.int(9)}:00:00.000Z` }
      : {}),
    statuses,
    topItems,
  };
}

function catalogOf(teams: Map<string, TeamNode>): CatalogSnapshot {
  return {
    entities: [
      {
        ref: 'resource:default/c1',
        kind: 'resource',
        representsCluster: 'c1',
        ownerRefs: [group('dept-0')],
      },
    ],
    teams,
    problems: [],
  };
}

/** The teams above a team, itself included. */
function withAncestors(teams: Map<string, TeamNode>, ref: string): string[] {
  const out: string[] = [];
  for (let at: string | undefined = ref; at; at = teams.get(at)?.parentRef)
    out.push(at);
  return out;
}

/**
 * The same organisation with no child teams: every entity owned by every team above its
 * owners, so that each team adds up every entity below it itself.
 */
function flattened(teams: Map<string, TeamNode>, entities: EntitySummary[]) {
  const flatTeams = new Map(
    [...teams].map(([ref, team]) => [ref, { ...team, childRefs: [] }]),
  );
  const flatEntities = entities.map(e => ({
    ...e,
    ownerRefs: [
      ...new Set(e.ownerRefs.flatMap(owner => withAncestors(teams, owner))),
    ],
  }));
  return { catalog: catalogOf(flatTeams), entities: flatEntities };
}

function organisation(seed: number, count: number, shared = false) {
  const rnd = random(seed);
  const teams = tree();
  const refs = [...teams.keys()];
  const entities = Array.from({ length: count }, (_, i) =>
    // With `shared`, one entity owned by two teams: the teams above both add it up themselves.
    entitySummary(
      rnd,
      i,
      shared && i === 7
        ? [group('team-0-0-1'), group('team-2-1-0')]
        : [rnd.pick(refs)],
    ),
  );
  return { rnd, teams, entities };
}

const byRef = <T extends { summary: { entityRef: string } }>(list: T[]) =>
  [...list].sort((a, b) =>
    a.summary.entityRef.localeCompare(b.summary.entityRef),
  );

/**
 * Rolls up only the teams in `only` from kept parts, checks that they come out as in a full
 * roll-up of the same summaries, and returns both.
 */
function rollUpOnlyAsFull(
  catalog: CatalogSnapshot,
  after: EntitySummary[],
  only: Set<string>,
  kept: Map<string, TeamPart>,
) {
  const partial = rollUpTeamParts(
    catalog,
    after,
    new Map(),
    new Map(),
    only,
    kept,
  );
  const full = rollUpTeamParts(catalog, after, new Map(), new Map());
  expect(byRef(partial.teams)).toEqual(
    byRef(full.teams.filter(t => only.has(t.summary.entityRef))),
  );
  return { partial, full };
}

describe('rollUpTeamParts', () => {
  it.each([
    [1, false],
    [2, false],
    [3, true],
  ])(
    'rolls a team up from its child teams as from every entity below it (seed %i, an entity of two teams: %s)',
    (seed, shared) => {
      const { teams, entities } = organisation(seed, 160, shared);
      const composed = rollUpTeams(
        catalogOf(teams),
        entities,
        new Map(),
        new Map(),
      );
      const flat = flattened(teams, entities);
      const reference = rollUpTeams(
        flat.catalog,
        flat.entities,
        new Map(),
        new Map(),
      );
      expect(composed).toHaveLength(teams.size);
      const root = composed.find(t => t.summary.name === 'org')!;
      expect(root.entityRefs).toHaveLength(160);
      expect(root.topActions.some(a => a.affectedEntities)).toBe(true);
      expect(byRef(composed)).toEqual(byRef(reference));
    },
  );

  it('leaves out only the binding groups that rank after a full top', () => {
    const { teams, entities } = organisation(5, 160);
    const catalog = catalogOf(teams);
    const { parts } = rollUpTeamParts(catalog, entities, new Map(), new Map());
    const fixers = clusterFixers(
      catalog,
      new Set(entities.map(e => e.entityRef)),
    );
    let pruned = 0;
    for (const part of parts.values()) {
      const top = topActionsOf(part, 20, fixers);
      // With room for every item, no group is left out: its first 20 are the top.
      const everything = topActionsOf(part, 1000, fixers);
      expect(top).toEqual(everything.slice(0, 20));
      if (part.top.length === 20 && part.granted.length > 0) pruned++;
    }
    expect(pruned).toBeGreaterThan(0);
  });

  it('re-rolls only some teams, taking the others from an earlier roll-up', () => {
    const { rnd, teams, entities } = organisation(4, 160);
    const catalog = catalogOf(teams);
    const first = rollUpTeamParts(catalog, entities, new Map(), new Map());
    const changed = new Set([3, 50, 51, 120]);
    const after = entities.map((e, i) =>
      changed.has(i) ? entitySummary(rnd, i, e.ownerRefs) : e,
    );
    const only = new Set(
      [...changed].flatMap(i =>
        entities[i].ownerRefs.flatMap(owner => withAncestors(teams, owner)),
      ),
    );
    expect(only.size).toBeLessThan(teams.size);
    const { partial } = rollUpOnlyAsFull(catalog, after, only, first.parts);
    expect(partial.parts.size).toBe(teams.size);
  });

  it('keeps the entity list of a re-rolled team while its entities stay, and remakes it when one goes', () => {
    const { rnd, teams, entities } = organisation(6, 160);
    const catalog = catalogOf(teams);
    const first = rollUpTeamParts(catalog, entities, new Map(), new Map());
    const above = (e: EntitySummary) =>
      new Set(e.ownerRefs.flatMap(owner => withAncestors(teams, owner)));
    const gone = entities[7];
    const aboveGone = above(gone);
    // An entity with a team above it that is not above the one that goes.
    const redone = entities.findIndex(e =>
      [...above(e)].some(ref => !aboveGone.has(ref)),
    );
    const after = entities
      .filter(e => e !== gone)
      .map(e =>
        e.entityRef === entities[redone].entityRef
          ? entitySummary(rnd, redone, e.ownerRefs)
          : e,
      );
    const only = new Set([...aboveGone, ...above(entities[redone])]);
    const { partial, full } = rollUpOnlyAsFull(
      catalog,
      after,
      only,
      first.parts,
    );
    const remade = [...only].filter(ref => aboveGone.has(ref));
    const kept = [...only].filter(ref => !aboveGone.has(ref));
    expect(kept.length).toBeGreaterThan(0);
    for (const ref of only) {
      expect(partial.parts.get(ref)!.entityRefs).toEqual(
        full.parts.get(ref)!.entityRefs,
      );
    }
    for (const ref of remade) {
      const now = partial.parts.get(ref)!.entityRefs;
      expect(now).not.toContain(gone.entityRef);
      expect(now).toHaveLength(first.parts.get(ref)!.entityRefs.length - 1);
    }
    // The same entities: the very same list, not a copy made again.
    for (const ref of kept) {
      expect(partial.parts.get(ref)!.entityRefs).toBe(
        first.parts.get(ref)!.entityRefs,
      );
    }
  });

  it('rolls up from a kept basis with rebuilt summaries swapped in as from the summaries', () => {
    const { rnd, teams, entities } = organisation(7, 160, true);
    const catalog = catalogOf(teams);
    const kept = TeamBasis.of(catalog, entities);
    // The entity of two teams is among those rebuilt.
    const changed = new Set([0, 7, 33, 90, 159]);
    const rebuilt = [...changed].map(i =>
      entitySummary(rnd, i, entities[i].ownerRefs),
    );
    const after = entities.map((e, i) =>
      changed.has(i) ? rebuilt.find(r => r.entityRef === e.entityRef)! : e,
    );
    const basis = kept.replaced(rebuilt)!;
    expect(basis).toBeDefined();
    expect(byRef(rollUpTeams(catalog, basis, new Map(), new Map()))).toEqual(
      byRef(rollUpTeams(catalog, after, new Map(), new Map())),
    );
    // The kept basis is left as it was.
    expect(byRef(rollUpTeams(catalog, kept, new Map(), new Map()))).toEqual(
      byRef(rollUpTeams(catalog, entities, new Map(), new Map())),
    );
  });

  it('makes no basis by swapping in an entity it did not have or one with other owners', () => {
    const { rnd, teams, entities } = organisation(8, 40);
    const catalog = catalogOf(teams);
    const kept = TeamBasis.of(catalog, entities.slice(1));
    expect(kept.replaced([entities[0]])).toBeUndefined();
    const moved = entitySummary(rnd, 5, [
      entities[5].ownerRefs[0] === group('org')
        ? group('dept-1')
        : group('org'),
    ]);
    expect(kept.replaced([moved])).toBeUndefined();
    expect(kept.replaced([entities[5]])).toBeDefined();
  });

  it.each([4, 8])(
    'groups a shown item with everything chained to it through bindings (a chain of %i)',
    length => {
      const rbac = getActionItem('workload-rbac-least-privilege');
      const item = (priority: number, bindings: string[]): PlanItemSummary => ({
        itemId: rbac.id,
        category: rbac.category,
        title: rbac.title,
        status: 'fail',
        priority,
        affected: 1,
        exposed: 0,
        grants: bindings.map(name => ({
          cluster: 'c1',
          kind: 'RoleBinding' as const,
          namespace: 'apps',
          name,
        })),
      });
      const entity = (
        i: number,
        topItems: PlanItemSummary[],
      ): EntitySummary => ({
        entityRef: `component:default/e-${String(i).padStart(2, '0')}`,
        ownerRefs: [],
        clusters: ['c1'],
        score: computeScore([]),
        openItems: topItems.length,
        statuses: [],
        topItems,
      });
      // Twenty items without bindings fill the top; one item with a binding ranks before
      // the last of them, and a chain of items of low priority is joined to it binding by
      // binding, listed from its far end so that each pass over them finds one more.
      const admission = getActionItem('workload-admission-policy');
      const fillers = Array.from({ length: 20 }, (_, i) =>
        entity(50 + i, [
          {
            itemId: admission.id,
            category: admission.category,
            title: admission.title,
            status: 'fail',
            priority: 100,
            affected: 1,
            exposed: 0,
          },
        ]),
      );
      const chain = Array.from({ length: length - 1 }, (_, i) =>
        entity(i + 1, [item(10, [`b${i}`, `b${i + 1}`])]),
      ).reverse();
      const lead = entity(0, [item(500, ['b0'])]);
      const apart = entity(40, [item(10, ['elsewhere'])]);
      const part = composePart([...chain, apart, ...fillers, lead], [], 20);
      const holders = TeamBasis.of(
        catalogOf(tree()),
        [...chain, apart, ...fillers, lead].map(e => ({
          ...e,
          ownerRefs: [group('org')],
        })),
      ).grantHolders;
      // One entity names "elsewhere"; two name each binding of the chain.
      expect(holders.get(`${rbac.id}|c1|RoleBinding|apps|elsewhere`)).toBe(1);
      expect(holders.get(`${rbac.id}|c1|RoleBinding|apps|b0`)).toBe(2);
      const top = topActionsOf(part, 20, new Map(), holders);
      expect(top[0].entityRef).toBe(lead.entityRef);
      expect(top[0].affectedEntities?.map(a => a.entityRef)).toEqual(
        [lead, ...chain].map(e => e.entityRef).sort(),
      );
      expect(top).toEqual(topActionsOf(part, 1000, new Map()).slice(0, 20));
      expect(top).toEqual(topActionsOf(part, 20, new Map()));
    },
  );

  it('counts the holders of each binding in a kept basis as in one made anew', () => {
    const { rnd, teams, entities } = organisation(9, 160, true);
    const catalog = catalogOf(teams);
    const kept = TeamBasis.of(catalog, entities);
    // Entities whose items name bindings: their old holdings must be taken away.
    const changed = new Set(
      entities
        .flatMap((e, i) => (e.topItems.some(t => t.grants) ? [i] : []))
        .slice(0, 6),
    );
    expect(changed.size).toBeGreaterThan(1);
    const rebuilt = [...changed].map(i =>
      entitySummary(rnd, i, entities[i].ownerRefs),
    );
    const after = entities.map((e, i) =>
      changed.has(i) ? rebuilt.find(r => r.entityRef === e.entityRef)! : e,
    );
    const counts = (basis: TeamBasis) =>
      new Map([...basis.grantHolders].filter(([, n]) => n > 0));
    const fresh = counts(TeamBasis.of(catalog, after));
    expect(fresh.size).toBeGreaterThan(0);
    expect(counts(kept.replaced(rebuilt)!)).toEqual(fresh);
    // A summary rebuilt with the same bindings (copied items, another score) changes no count.
    const same = entities.findIndex(e => e.topItems.some(t => t.grants));
    const copy = {
      ...entities[same],
      openItems: entities[same].openItems + 1,
      topItems: entities[same].topItems.map(t => ({
        ...t,
        ...(t.grants && { grants: t.grants.map(g => ({ ...g })) }),
      })),
    };
    const withCopy = entities.map((e, i) => (i === same ? copy : e));
    expect(counts(kept.replaced([copy])!)).toEqual(
      counts(TeamBasis.of(catalog, withCopy)),
    );
    expect(counts(kept.replaced([copy])!)).toEqual(counts(kept));
    // With the holders, the rolled-up teams are the same.
    const { parts } = rollUpTeamParts(catalog, after, new Map(), new Map());
    const basis = kept.replaced(rebuilt)!;
    for (const part of parts.values()) {
      expect(topActionsOf(part, 20, basis.fixers, basis.grantHolders)).toEqual(
        topActionsOf(part, 20, basis.fixers),
      );
    }
  });
});
