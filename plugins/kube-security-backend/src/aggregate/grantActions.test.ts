import {
  computeScore,
  type ActionItemId,
  type Severity,
} from '@kube-security/plugin-kube-security-common';
import type {
  ClusterGrant,
  EntitySummary,
  PlanItemSummary,
} from '../domain/summaries';
import type { CatalogSnapshot } from '../mapping/catalogSnapshot';
import { rollUpTeams } from './rollup';

/*
 * Issue 16: one binding that gives findings to a cluster's Resource and to components is
 * one action in a team's roll-up, fixed by the cluster's owner; each entity's own summary
 * is untouched.
 */

const CLUSTER = 'resource:default/c1';
const CART = 'component:default/cart';
const WEB = 'component:default/web';
const CART_ADMIN: ClusterGrant = {
  cluster: 'c1',
  kind: 'ClusterRoleBinding',
  name: 'cart-admin',
};
const RBAC: ActionItemId = 'workload-rbac-least-privilege';
const NETWORK: ActionItemId = 'workload-network-policies';

function item(
  itemId: ActionItemId,
  priority: number,
  over: Partial<PlanItemSummary> = {},
): PlanItemSummary {
  return {
    itemId,
    category: 'workload',
    title: itemId,
    status: 'fail',
    severity: 'high',
    priority,
    affected: 1,
    exposed: 0,
    ...over,
  };
}

function summary(
  entityRef: string,
  owner: string,
  topItems: PlanItemSummary[],
): EntitySummary {
  return {
    entityRef,
    title: entityRef.split('/')[1],
    ownerRefs: [owner],
    clusters: ['c1'],
    score: computeScore([]),
    openItems: topItems.length,
    statuses: [],
    topItems,
  };
}

const catalog: CatalogSnapshot = {
  entities: [
    {
      ref: CLUSTER,
      kind: 'resource',
      title: 'Cluster one',
      representsCluster: 'c1',
      ownerRefs: ['group:default/platform'],
    },
    { ref: CART, kind: 'component', ownerRefs: ['group:default/shop'] },
    { ref: WEB, kind: 'component', ownerRefs: ['group:default/shop'] },
  ],
  teams: new Map(
    [
      { ref: 'group:default/org', childRefs: ['platform', 'shop'] },
      { ref: 'group:default/platform', childRefs: [] },
      { ref: 'group:default/shop', childRefs: [] },
    ].map(t => [
      t.ref,
      {
        ref: t.ref,
        name: t.ref.split('/')[1],
        childRefs: t.childRefs.map(c => `group:default/${c}`),
        ...(t.ref === 'group:default/org'
          ? {}
          : { parentRef: 'group:default/org' }),
      },
    ]),
  ),
  problems: [],
};

function rollUp(entities: EntitySummary[]) {
  const teams = rollUpTeams(catalog, entities, new Map(), new Map());
  return (name: string) => teams.find(t => t.summary.name === name)!.topActions;
}

function lines(actions: ReturnType<ReturnType<typeof rollUp>>) {
  return actions.map(a => `${a.entityRef} ${a.item.itemId}`);
}

const critical: Severity = 'critical';

describe('team actions of one binding', () => {
  const entities = () => [
    summary(CLUSTER, 'group:default/platform', [
      item(RBAC, 240, { severity: 'high', grants: [CART_ADMIN] }),
    ]),
    summary(CART, 'group:default/shop', [
      item(RBAC, 230, {
        severity: critical,
        affected: 2,
        exposed: 1,
        grants: [CART_ADMIN],
        oldestFindingAt: '2026-11-01T00:00:00.000Z',
      }),
      item(NETWORK, 200),
    ]),
    summary(WEB, 'group:default/shop', [item(RBAC, 150)]),
  ];

  it('lists the items that name the same binding once, fixed by the cluster owner', () => {
    const org = rollUp(entities())('org');
    expect(lines(org)).toEqual([
      `${CLUSTER} ${RBAC}`,
      `${CART} ${NETWORK}`,
      `${WEB} ${RBAC}`,
    ]);
    const [merged] = org;
    expect(merged.fixBy).toEqual([
      {
        cluster: 'c1',
        entityRef: CLUSTER,
        entityTitle: 'Cluster one',
        ownerRefs: ['group:default/platform'],
        grants: [{ kind: 'ClusterRoleBinding', name: 'cart-admin' }],
      },
    ]);
    // Each entity's share, so a caller who sees only some of them gets only their counts.
    expect(merged.affectedEntities).toEqual([
      {
        entityRef: CART,
        title: 'cart',
        affected: 2,
        exposed: 1,
        severity: 'critical',
      },
      {
        entityRef: CLUSTER,
        title: 'c1',
        affected: 1,
        exposed: 0,
        severity: 'high',
      },
    ]);
    // It counts the resources of both, at the worst severity, since the oldest finding.
    expect(merged.item).toMatchObject({
      priority: 240,
      affected: 3,
      exposed: 1,
      severity: 'critical',
      oldestFindingAt: '2026-11-01T00:00:00.000Z',
      findings: [],
    });
    expect(merged.item).not.toHaveProperty('grants');
    // An item without a binding stays its own action.
    expect(org[2].fixBy).toBeUndefined();
  });

  it("tells a component's team that the cluster owner fixes its binding", () => {
    const shop = rollUp(entities())('shop');
    expect(lines(shop)).toEqual([
      `${CART} ${RBAC}`,
      `${CART} ${NETWORK}`,
      `${WEB} ${RBAC}`,
    ]);
    expect(shop[0].fixBy?.map(f => f.ownerRefs)).toEqual([
      ['group:default/platform'],
    ]);
    expect(shop[0].affectedEntities).toBeUndefined();
    expect(shop[0].item.affected).toBe(2);
  });

  it("says nothing more on the cluster's own action", () => {
    const platform = rollUp(entities())('platform');
    expect(lines(platform)).toEqual([`${CLUSTER} ${RBAC}`]);
    expect(platform[0].fixBy).toBeUndefined();
  });

  it('keeps apart the same binding name on another cluster, and items with no binding', () => {
    const list = entities();
    list[1].topItems[0] = {
      ...list[1].topItems[0],
      grants: [{ ...CART_ADMIN, cluster: 'c2' }],
    };
    expect(lines(rollUp(list)('org'))).toEqual([
      `${CLUSTER} ${RBAC}`,
      `${CART} ${RBAC}`,
      `${CART} ${NETWORK}`,
      `${WEB} ${RBAC}`,
    ]);
    const none = entities().map(e => ({
      ...e,
      topItems: e.topItems.map(({ grants: _grants, ...rest }) => rest),
    }));
    expect(lines(rollUp(none)('org'))).toEqual([
      `${CLUSTER} ${RBAC}`,
      `${CART} ${RBAC}`,
      `${CART} ${NETWORK}`,
      `${WEB} ${RBAC}`,
    ]);
  });

  it('joins items through a chain of bindings', () => {
    const other: ClusterGrant = { ...CART_ADMIN, name: 'web-reader' };
    const list = entities();
    list[0].topItems[0].grants = [CART_ADMIN, other];
    list[2].topItems[0].grants = [other];
    const org = rollUp(list)('org');
    expect(lines(org)).toEqual([`${CLUSTER} ${RBAC}`, `${CART} ${NETWORK}`]);
    expect(org[0].affectedEntities?.map(e => e.entityRef)).toEqual([
      CART,
      WEB,
      CLUSTER,
    ]);
    expect(org[0].fixBy?.[0].grants.map(g => g.name)).toEqual([
      'cart-admin',
      'web-reader',
    ]);
  });
});
