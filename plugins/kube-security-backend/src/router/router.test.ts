import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  ClustersResponse,
  EntityPlanResponse,
  TeamScorecardResponse,
  TeamsResponse,
  UnownedResponse,
} from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { startDemo } from '../__testUtils__/startDemo';

const TEAMS = [
  'acme',
  'commerce',
  'data',
  'engineering',
  'payments',
  'platform',
  'storefront',
];

const user = mockCredentials.user.header();

describe('kube-security API over the example clusters', () => {
  let server: Awaited<ReturnType<typeof startDemo>>['server'];
  beforeAll(async () => {
    ({ server } = await startDemo());
  }, 60_000);

  it('answers 401 without credentials, on every route', async () => {
    for (const path of [
      '/items',
      '/clusters',
      '/teams',
      '/unowned',
      '/export.csv',
      '/entities/component/default/payments-api/plan',
    ]) {
      const res = await request(server)
        .get(`/api/kube-security${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
  });

  it('lists the three clusters, scanned', async () => {
    const res = await request(server)
      .get('/api/kube-security/clusters')
      .set('Authorization', user);
    expect(res.status).toBe(200);
    const body: ClustersResponse = res.body;
    expect(
      body.clusters.map(c => [c.name, c.provider, c.lastScan?.status, c.stale]),
    ).toEqual([
      ['aks-shared', 'aks', 'ok', false],
      ['eks-prod-eu', 'eks', 'ok', false],
      ['gke-analytics', 'gke', 'ok', false],
    ]);
  });

  it('lists every example team with a score and a grade', async () => {
    const res = await request(server)
      .get('/api/kube-security/teams?limit=50&sort=name')
      .set('Authorization', user);
    expect(res.status).toBe(200);
    const body: TeamsResponse = res.body;
    expect(body.total).toBe(TEAMS.length);
    expect(body.teams.map(t => t.name)).toEqual(TEAMS);
    for (const team of body.teams) {
      expect(team.score.value).toEqual(expect.any(Number));
      expect(team.score.grade).toMatch(/^[A-F]$/);
      expect(team.entityCount).toBeGreaterThan(0);
    }
    const score = (name: string) =>
      body.teams.find(t => t.name === name)!.score.value!;
    // The demo is mixed on purpose: payments is well hardened, storefront is not.
    expect(score('payments')).toBeGreaterThan(score('storefront'));
  });

  it('sorts, filters and pages teams', async () => {
    const worstFirst: TeamsResponse = (
      await request(server)
        .get('/api/kube-security/teams?sort=score&order=asc&limit=2')
        .set('Authorization', user)
    ).body;
    expect(worstFirst.teams).toHaveLength(2);
    expect(worstFirst.total).toBe(TEAMS.length);
    expect(worstFirst.teams[0].score.value!).toBeLessThanOrEqual(
      worstFirst.teams[1].score.value!,
    );
    const searched: TeamsResponse = (
      await request(server)
        .get('/api/kube-security/teams?q=store')
        .set('Authorization', user)
    ).body;
    expect(searched.teams.map(t => t.name)).toEqual(['storefront']);
    const onGke: TeamsResponse = (
      await request(server)
        .get('/api/kube-security/teams?provider=gke&sort=name')
        .set('Authorization', user)
    ).body;
    expect(onGke.teams.map(t => t.name)).toEqual([
      'acme',
      'data',
      'engineering',
      'platform',
    ]);
  });

  it('reads only the top of the team tree with top=true', async () => {
    const top: TeamsResponse = (
      await request(server)
        .get('/api/kube-security/teams?top=true&sort=name')
        .set('Authorization', user)
    ).body;
    // acme is the root, engineering the level below; commerce and the rest sit deeper.
    expect(top.teams.map(t => [t.name, t.parentRef])).toEqual([
      ['acme', undefined],
      ['engineering', 'group:default/acme'],
    ]);
    expect(top.total).toBe(2);
    const bad = await request(server)
      .get('/api/kube-security/teams?top=yes')
      .set('Authorization', user);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/top/);
  });

  it('rejects bad team queries with a message naming the field', async () => {
    const res = await request(server)
      .get('/api/kube-security/teams?limit=0&sort=bogus')
      .set('Authorization', user);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/limit/);
    expect(res.body.error.message).toMatch(/sort/);
    const unknown = await request(server)
      .get('/api/kube-security/teams?colour=red')
      .set('Authorization', user);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/colour/);
  });

  it("serves a component's prioritized plan with its findings", async () => {
    const res = await request(server)
      .get('/api/kube-security/entities/component/default/storefront-web/plan')
      .set('Authorization', user);
    expect(res.status).toBe(200);
    const body: EntityPlanResponse = res.body;
    expect(body).toMatchObject({
      entityRef: 'component:default/storefront-web',
      mapped: true,
      stale: false,
    });
    expect(body.clusters.map(c => c.name).sort()).toEqual([
      'aks-shared',
      'eks-prod-eu',
    ]);
    const open = body.plan.items.filter(i =>
      ['fail', 'partial', 'unknown'].includes(i.status),
    );
    expect(open.length).toBeGreaterThan(2);
    const priorities = open.map(i => i.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(open[0].findings.length).toBeGreaterThan(0);
    expect(open[0].findings[0].resource.cluster).toMatch(
      /eks-prod-eu|aks-shared/,
    );
    // Cloud and cluster items belong to the cluster's Resource, not to a component.
    expect(
      body.plan.items
        .filter(i => i.category === 'cloud')
        .every(i => i.status === 'not-applicable'),
    ).toBe(true);
  });

  it("serves a cluster Resource's plan with cloud and cluster items", async () => {
    const res = await request(server)
      .get('/api/kube-security/entities/resource/default/eks-prod-eu/plan')
      .set('Authorization', user);
    const body: EntityPlanResponse = res.body;
    expect(body.provider).toBe('eks');
    const item = body.plan.items.find(
      i => i.itemId === 'cluster-private-access',
    )!;
    expect(item.status).toBe('fail');
    expect(
      item.findings.some(f => f.evidencePath?.includes('publicAccessCidrs')),
    ).toBe(true);
  });

  it('answers 404 for an unknown entity and 400 for a bad kind', async () => {
    const missing = await request(server)
      .get('/api/kube-security/entities/component/default/nope/plan')
      .set('Authorization', user);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('component:default/nope');
    const bad = await request(server)
      .get('/api/kube-security/entities/user/default/alice/plan')
      .set('Authorization', user);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/kind/);
  });

  it("serves a team's scorecard rolled up through the group tree", async () => {
    const res = await request(server)
      .get('/api/kube-security/teams/default/commerce/scorecard')
      .set('Authorization', user);
    expect(res.status).toBe(200);
    const body: TeamScorecardResponse = res.body;
    expect(body.team.name).toBe('commerce');
    expect(body.children.map(c => c.name)).toEqual(['payments', 'storefront']);
    expect(body.entities.map(e => e.entityRef).sort()).toEqual([
      'component:default/cart-service',
      'component:default/payments-api',
      'component:default/payments-ledger',
      'component:default/storefront-web',
    ]);
    expect(body.topActions.length).toBeGreaterThan(0);
    expect(body.topActions.length).toBeLessThanOrEqual(20);
    // Each open action says since when its oldest finding is open.
    expect(
      body.topActions.every(a =>
        a.item.affected > 0 ? Boolean(a.item.oldestFindingAt) : true,
      ),
    ).toBe(true);
    expect(body.history).toHaveLength(1);
    expect(body.categories.map(c => c.category)).toEqual([
      'cloud',
      'cluster',
      'workload',
      'image',
    ]);
    const missing = await request(server)
      .get('/api/kube-security/teams/default/nope/scorecard')
      .set('Authorization', user);
    expect(missing.status).toBe(404);
  });

  it("pages a team scorecard's entities and top actions, with totals", async () => {
    const scorecard = async (query: string) => {
      const res = await request(server)
        .get(`/api/kube-security/teams/default/commerce/scorecard${query}`)
        .set('Authorization', user);
      expect(res.status).toBe(200);
      return res.body as TeamScorecardResponse;
    };
    const whole = await scorecard('?entitiesLimit=500&topActionsLimit=100');
    expect(whole.entitiesPage).toEqual({ offset: 0, limit: 500, total: 4 });
    const scores = whole.entities.map(e => e.score.value ?? 101);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    const actionsTotal = whole.topActionsPage.total;
    expect(actionsTotal).toBe(whole.topActions.length);
    expect(actionsTotal).toBeGreaterThan(2);

    const first = await scorecard('?entitiesLimit=3&topActionsLimit=2');
    const second = await scorecard(
      '?entitiesLimit=3&entitiesOffset=3&topActionsLimit=2&topActionsOffset=2',
    );
    expect(first.entitiesPage).toEqual({ offset: 0, limit: 3, total: 4 });
    expect(second.entitiesPage).toEqual({ offset: 3, limit: 3, total: 4 });
    expect([...first.entities, ...second.entities]).toEqual(whole.entities);
    expect(first.topActionsPage).toEqual({
      offset: 0,
      limit: 2,
      total: actionsTotal,
    });
    expect([...first.topActions, ...second.topActions]).toEqual(
      whole.topActions.slice(0, 4),
    );
    // Past the end: an empty page that still says how many there are.
    const past = await scorecard('?entitiesOffset=10&topActionsOffset=100');
    expect(past.entities).toEqual([]);
    expect(past.entitiesPage.total).toBe(4);
    expect(past.topActions).toEqual([]);
    expect(past.topActionsPage.total).toBe(actionsTotal);
    // The default page holds every entity of a small team and every top action kept.
    const byDefault = await scorecard('');
    expect(byDefault.entitiesPage).toEqual({ offset: 0, limit: 50, total: 4 });
    expect(byDefault.topActions).toEqual(whole.topActions);

    for (const bad of ['?entitiesLimit=501', '?topActionsOffset=-1', '?x=1']) {
      const res = await request(server)
        .get(`/api/kube-security/teams/default/commerce/scorecard${bad}`)
        .set('Authorization', user);
      expect(res.status).toBe(400);
    }
  });

  it('keeps unowned findings and exports CSV', async () => {
    const unowned: UnownedResponse = (
      await request(server)
        .get('/api/kube-security/unowned?limit=5')
        .set('Authorization', user)
    ).body;
    expect(unowned.total).toBeGreaterThan(0);
    expect(unowned.findings.length).toBeLessThanOrEqual(5);
    const csv = await request(server)
      .get('/api/kube-security/export.csv')
      .set('Authorization', user);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(
      'entity,owner,team,cluster,namespace,kind,name,container,item,item_title,check,status,severity,internet_exposed,message,evidence_path,standards,first_seen,accepted_until,accepted_reason',
    );
    // An owned finding names its entity's owners and, of those, the team.
    expect(
      lines.slice(1).some(l => /^component:[^,]+,group:[^,]+,[^,]+,/.test(l)),
    ).toBe(true);
    // The standard control ids of each finding, separated by semicolons.
    expect(
      lines.some(
        l =>
          l.includes('workload-admission-policy/privileged-container') &&
          /,"?[^,]*PSS baseline: Privileged Containers[^,]*"?,/.test(l),
      ),
    ).toBe(true);
    // The example Deployment's accept annotation shows on its finding.
    const accepted = lines.filter(l =>
      l.includes('workload-admission-policy/privileged-container'),
    );
    expect(
      accepted.some(l =>
        l.endsWith(
          ',2027-03-31,The log forwarder tails host logs until the Fluent Bit DaemonSet replaces it',
        ),
      ),
    ).toBe(true);
    expect(lines.length).toBeGreaterThan(10);
    expect(csv.text).toContain('component:default/storefront-web');
    expect(csv.text).toContain('(unowned)');
  });

  it('triggers a scan of a known cluster and rejects unknown ones', async () => {
    const ok = await request(server)
      .post('/api/kube-security/clusters/gke-analytics/scan')
      .set('Authorization', user);
    expect(ok.status).toBe(202);
    expect(ok.body).toEqual({ cluster: 'gke-analytics', scheduled: true });
    const missing = await request(server)
      .post('/api/kube-security/clusters/nope/scan')
      .set('Authorization', user);
    expect(missing.status).toBe(404);
  });
});

describe('kube-security API permissions', () => {
  it('answers 403 on every route when the policy denies', async () => {
    const { server } = await startDemo([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    for (const [method, path] of [
      ['get', '/teams'],
      ['get', '/clusters'],
      ['get', '/entities/component/default/payments-api/plan'],
      ['get', '/export.csv'],
      ['post', '/clusters/eks-prod-eu/scan'],
    ] as const) {
      const res = await request(server)
        [method](`/api/kube-security${path}`)
        .set('Authorization', user);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
  }, 60_000);
});
