import { mockCredentials } from '@backstage/backend-test-utils';
import type { EntityPlanResponse } from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { startDemo } from '../__testUtils__/startDemo';

/*
 * Issue 13, point 14: the entity plan pages the affected resources of each item, so an
 * entity with a hundred thousand failing pods answers with a bounded body.
 */

const user = mockCredentials.user.header();
const PLAN =
  '/api/kube-security/entities/component/default/storefront-web/plan';

describe('entity plan paging', () => {
  let server: Awaited<ReturnType<typeof startDemo>>['server'];
  beforeAll(async () => {
    ({ server } = await startDemo());
  }, 60_000);

  async function plan(query: string) {
    const res = await request(server)
      .get(`${PLAN}${query}`)
      .set('Authorization', user);
    return res;
  }

  it('returns at most findingsLimit findings per item, with the total', async () => {
    const full: EntityPlanResponse = (await plan('')).body;
    const busy = full.plan.items.find(i => i.findings.length >= 3)!;
    expect(busy).toBeDefined();
    const res = await plan('?findingsLimit=2');
    expect(res.status).toBe(200);
    const paged: EntityPlanResponse = res.body;
    for (const item of paged.plan.items) {
      const whole = full.plan.items.find(i => i.itemId === item.itemId)!;
      expect(item.findings).toEqual(whole.findings.slice(0, 2));
      expect(item.findingsTotal).toBe(whole.findings.length);
      // Scores and counts are those of the whole plan.
      expect(item.affected).toBe(whole.affected);
    }
    expect(paged.plan.score).toEqual(full.plan.score);
  });

  it('pages one item with findingsOffset, leaving the others on their first page', async () => {
    const full: EntityPlanResponse = (await plan('')).body;
    const busy = full.plan.items.find(i => i.findings.length >= 3)!;
    const res = await plan(
      `?findingsLimit=2&findingsOffset=2&itemId=${busy.itemId}`,
    );
    expect(res.status).toBe(200);
    const paged: EntityPlanResponse = res.body;
    const item = paged.plan.items.find(i => i.itemId === busy.itemId)!;
    expect(item.findings).toEqual(busy.findings.slice(2, 4));
    const other = paged.plan.items.find(i => i.itemId !== busy.itemId)!;
    const otherWhole = full.plan.items.find(i => i.itemId === other.itemId)!;
    expect(other.findings).toEqual(otherWhole.findings.slice(0, 2));
  });

  it("says, per item, which provider's clusters its fix is for, from all its findings", async () => {
    const res = await plan('?findingsLimit=1');
    expect(res.status).toBe(200);
    const paged: EntityPlanResponse = res.body;
    const providers = new Map(
      paged.clusters.map(cluster => [cluster.name, cluster.provider]),
    );
    // storefront-web runs on an AKS and an EKS cluster of the demo.
    expect(new Set(providers.values())).toEqual(new Set(['aks', 'eks']));
    // Its namespace item has one finding, on the EKS cluster: EKS steps only.
    const namespaces = paged.plan.items.find(
      i => i.itemId === 'workload-namespace-isolation',
    )!;
    expect(namespaces.findings.map(f => f.resource.cluster)).toEqual([
      'eks-prod-eu',
    ]);
    expect(namespaces.fixTargets?.map(t => [t.provider, t.clusters])).toEqual([
      ['eks', ['eks-prod-eu']],
    ]);
    // An item with findings on both clusters names both, though its page holds one.
    const both = paged.plan.items.find(i => (i.fixTargets ?? []).length === 2);
    expect(both).toBeDefined();
    expect(both!.findings).toHaveLength(1);
    for (const target of both!.fixTargets!) {
      for (const cluster of target.clusters) {
        expect(providers.get(cluster)).toBe(target.provider);
      }
      expect(target.values.cluster?.values).toEqual(target.clusters);
    }
  });

  it('refuses limits and offsets out of range with a 400', async () => {
    for (const query of [
      '?findingsLimit=0',
      '?findingsLimit=100000',
      '?findingsOffset=99999999999999999999',
      '?itemId=not-an-item',
    ]) {
      const res = await plan(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });
});
