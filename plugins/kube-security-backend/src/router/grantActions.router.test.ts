import { mockCredentials } from '@backstage/backend-test-utils';
import type {
  EntityPlanResponse,
  TeamAction,
  TeamScorecardResponse,
} from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { startDemo } from '../__testUtils__/startDemo';
import {
  HIDDEN_FROM_OUTSIDER,
  catalogWithVisibility,
  permissionsWithReadPolicy,
} from '../__testUtils__/visibility';

/*
 * Issue 16, on the demo: ClusterRoleBinding 'cart-service-admin' on eks-prod-eu gives
 * cart-service's service account cluster-admin. The cluster's Resource has the finding on
 * the binding, cart-service the finding on its Deployment; the team roll-up lists them as
 * one action, fixed by the cluster's owner.
 */

const user = mockCredentials.user.header();
const RBAC = 'workload-rbac-least-privilege';
const CLUSTER = 'resource:default/eks-prod-eu';
const CART = 'component:default/cart-service';
const CART_ADMIN = { kind: 'ClusterRoleBinding', name: 'cart-service-admin' };
const OUTSIDER = 'user:default/outsider';

describe('one action per binding in the demo roll-up', () => {
  let server: Awaited<ReturnType<typeof startDemo>>['server'];
  beforeAll(async () => {
    ({ server } = await startDemo());
  }, 60_000);

  async function get<T>(path: string): Promise<T> {
    const res = await request(server)
      .get(`/api/kube-security${path}`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    return res.body;
  }

  const rbacActions = async (team: string): Promise<TeamAction[]> =>
    (
      await get<TeamScorecardResponse>(`/teams/default/${team}/scorecard`)
    ).topActions.filter(a => a.item.itemId === RBAC);

  it('gives the finding on the binding and the one on the workload the same grant', async () => {
    const grantsOf = async (entity: string) =>
      (await get<EntityPlanResponse>(`/entities/${entity}/plan`)).plan.items
        .find(i => i.itemId === RBAC)!
        .findings.filter(f => f.grant?.name === CART_ADMIN.name)
        .map(f => [f.checkId.split('/')[1], f.resource.kind, f.grant]);
    // Each entity's own plan keeps its finding.
    expect(await grantsOf('resource/default/eks-prod-eu')).toEqual(
      expect.arrayContaining([
        ['cluster-admin-binding', 'ClusterRoleBinding', CART_ADMIN],
      ]),
    );
    expect(await grantsOf('component/default/cart-service')).toEqual([
      ['builtin-admin-binding', 'Deployment', CART_ADMIN],
    ]);
  });

  it("lists the binding once in the root team's top actions, fixed by the cluster owner", async () => {
    const actions = await rbacActions('acme');
    const onBinding = actions.filter(a =>
      a.fixBy?.some(f => f.grants.some(g => g.name === CART_ADMIN.name)),
    );
    expect(onBinding).toHaveLength(1);
    const [action] = onBinding;
    expect(action.fixBy).toEqual([
      expect.objectContaining({
        cluster: 'eks-prod-eu',
        entityRef: CLUSTER,
        ownerRefs: ['group:default/platform'],
        grants: expect.arrayContaining([CART_ADMIN]),
      }),
    ]);
    expect(action.affectedEntities?.map(e => e.entityRef)).toEqual([
      CART,
      CLUSTER,
    ]);
    expect(action.item.severity).toBe('critical');
    // Neither the cluster nor cart-service has another RBAC action beside it.
    const others = actions.filter(a => a !== action).map(a => a.entityRef);
    expect(others).not.toContain(CART);
    expect(others).not.toContain(CLUSTER);
  });

  it('says the same to AI assistants through the scorecard action', async () => {
    const res = await request(server)
      .post(
        '/api/kube-security/.backstage/actions/v1/actions/kube-security:get-team-security-scorecard/invoke',
      )
      .set('Authorization', user)
      .send({ team: 'acme' });
    expect(res.status).toBe(200);
    const rbac = res.body.output.topActions.filter(
      (a: { itemId: string }) => a.itemId === RBAC,
    );
    expect(rbac).toContainEqual(
      expect.objectContaining({
        entityRef: CLUSTER,
        fixedBy: ['group:default/platform'],
        alsoFor: [CART],
      }),
    );
  });

  it("tells cart-service's team that the cluster owner fixes its binding", async () => {
    const [cart] = (await rbacActions('storefront')).filter(
      a => a.entityRef === CART,
    );
    expect(cart.fixBy?.map(f => [f.entityRef, f.ownerRefs])).toEqual([
      [CLUSTER, ['group:default/platform']],
    ]);
    expect(cart.affectedEntities).toBeUndefined();
  });
});

describe('one action per binding, as a caller who cannot see every entity', () => {
  let server: Awaited<ReturnType<typeof startDemo>>['server'];
  beforeAll(async () => {
    const catalog = catalogWithVisibility();
    const permissions = permissionsWithReadPolicy({});
    ({ server } = await startDemo([permissions.factory], catalog.factory));
  }, 60_000);

  it('names only the entities the caller may see, and keeps the action', async () => {
    const res = await request(server)
      .get('/api/kube-security/teams/default/acme/scorecard')
      .set('Authorization', mockCredentials.user.header(OUTSIDER));
    expect(res.status).toBe(200);
    const body: TeamScorecardResponse = res.body;
    const text = JSON.stringify(body.topActions);
    for (const ref of HIDDEN_FROM_OUTSIDER) expect(text).not.toContain(ref);
    // The outsider sees the cluster, not cart-service: the cluster's action stays, fixed
    // by its owner, standing for no other entity it could see.
    const [action] = body.topActions.filter(
      a => a.item.itemId === RBAC && a.entityRef === CLUSTER,
    );
    expect(action.fixBy?.map(f => f.ownerRefs)).toEqual([
      ['group:default/platform'],
    ]);
    expect(action.affectedEntities).toBeUndefined();
  });
});
