import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import type { EntityPlanResponse } from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { startDemo } from '../__testUtils__/startDemo';

const API = '/api/kube-security';
const user = mockCredentials.user.header();
const service = mockCredentials.service.header();
const ENTITY = '/entities/component/default/storefront-web';

function inDays(days: number): string {
  return new Date(Date.now() + days * 24 * 3600 * 1000)
    .toISOString()
    .slice(0, 10);
}

const itemException = (expiresAt: string) => ({
  scope: 'item',
  itemId: 'workload-admission-policy',
  justification: 'Accepted while the platform team replaces the agent',
  expiresAt,
});

describe('decision guards', () => {
  const denied = new Set<string>();
  const asked: EvaluatePermissionRequest[] = [];
  let server: Awaited<ReturnType<typeof startDemo>>['server'];
  beforeAll(async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async (requests: EvaluatePermissionRequest[]) => {
        asked.push(...requests);
        return requests.map(r => ({
          result: denied.has(r.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        }));
      },
      // Reading findings is a resource permission asked with authorizeConditional.
      authorizeConditional: async (requests: EvaluatePermissionRequest[]) =>
        requests.map(r => ({
          result: denied.has(r.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        })) as any,
    });
    ({ server } = await startDemo([permissions.factory]));
  }, 60_000);
  beforeEach(() => {
    denied.clear();
    asked.length = 0;
  });

  it('refuses expiries beyond the cap written with an expanded year, and other non-4-digit years', async () => {
    for (const expiresAt of [
      '+010000-01-01T00:00:00Z',
      '+002027-01-01T00:00:00Z',
      '-000001-01-01T00:00:00Z',
      '20270-01-01',
    ]) {
      const res = await request(server)
        .post(`${API}${ENTITY}/exceptions`)
        .set('Authorization', user)
        .send(itemException(expiresAt));
      expect({ expiresAt, status: res.status }).toEqual({
        expiresAt,
        status: 400,
      });
      expect(res.body.error.message).toMatch(/expiresAt: .*4-digit year/);
    }
    // A time within the cap, and the last allowed day, still pass.
    const ok = await request(server)
      .post(`${API}${ENTITY}/exceptions`)
      .set('Authorization', user)
      .send(itemException(`${inDays(10)}T12:00:00Z`));
    expect(ok.status).toBe(201);
    const lastDay = await request(server)
      .post(`${API}${ENTITY}/exceptions`)
      .set('Authorization', user)
      .send(itemException(inDays(180)));
    expect(lastDay.status).toBe(201);
    const tooFar = await request(server)
      .post(`${API}${ENTITY}/exceptions`)
      .set('Authorization', user)
      .send(itemException(`${inDays(181)}T00:00:00Z`));
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.message).toMatch(/more than 180 days away/);
  });

  it('lets only users create and revoke decisions, even when the policy allows a service', async () => {
    const byService = await request(server)
      .post(`${API}${ENTITY}/exceptions`)
      .set('Authorization', service)
      .send(itemException(inDays(20)));
    expect(byService.status).toBe(403);
    const attest = await request(server)
      .post(`${API}/entities/resource/default/eks-prod-eu/attestations`)
      .set('Authorization', service)
      .send({
        itemId: 'cloud-mfa-enforced',
        statement: 'The IdP enforces MFA',
        evidenceUrl: 'https://wiki.example.com/mfa',
        expiresAt: inDays(5),
      });
    expect(attest.status).toBe(403);
    const created = await request(server)
      .post(`${API}${ENTITY}/exceptions`)
      .set('Authorization', user)
      .send(itemException(inDays(20)));
    expect(created.status).toBe(201);
    const revokeByService = await request(server)
      .post(`${API}/exceptions/${created.body.id}/revoke`)
      .set('Authorization', service)
      .send({ reason: 'Nightly cleanup of old exceptions' });
    expect(revokeByService.status).toBe(403);
    // A service may still read.
    const plan = await request(server)
      .get(`${API}${ENTITY}/plan`)
      .set('Authorization', service);
    expect(plan.status).toBe(200);
    const decisions = await request(server)
      .get(`${API}${ENTITY}/decisions`)
      .set('Authorization', user);
    expect(
      decisions.body.exceptions.some(
        (e: { id: number }) => e.id === created.body.id,
      ),
    ).toBe(true);
  });

  it('asks its own permission to revoke, on the decision entity', async () => {
    const created = await request(server)
      .post(`${API}${ENTITY}/exceptions`)
      .set('Authorization', user)
      .send(itemException(inDays(25)));
    expect(created.status).toBe(201);
    denied.add('kube-security.exception.revoke');
    const refused = await request(server)
      .post(`${API}/exceptions/${created.body.id}/revoke`)
      .set('Authorization', user)
      .send({ reason: 'The agent was replaced this week' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(
      'kube-security.exception.revoke on component:default/storefront-web',
    );
    expect(asked).toContainEqual({
      permission: expect.objectContaining({
        name: 'kube-security.exception.revoke',
        resourceType: 'catalog-entity',
      }),
      resourceRef: 'component:default/storefront-web',
    });
    // Creating does not grant revoking, and revoking does not need the create permission.
    denied.clear();
    denied.add('kube-security.exception.create');
    const revoked = await request(server)
      .post(`${API}/exceptions/${created.body.id}/revoke`)
      .set('Authorization', user)
      .send({ reason: 'The agent was replaced this week' });
    expect(revoked.status).toBe(200);
    const plan: EntityPlanResponse = (
      await request(server)
        .get(`${API}${ENTITY}/plan`)
        .set('Authorization', user)
    ).body;
    expect(
      plan.plan.items.some(i =>
        (i as { exception?: { exceptionId: number } }).exception
          ? (i as any).exception.exceptionId === created.body.id
          : false,
      ),
    ).toBe(false);
  });

  it('answers 409 to the second of two concurrent revokes', async () => {
    const created = await request(server)
      .post(`${API}${ENTITY}/exceptions`)
      .set('Authorization', user)
      .send(itemException(inDays(30)));
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        request(server)
          .post(`${API}/exceptions/${created.body.id}/revoke`)
          .set('Authorization', user)
          .send({ reason: 'The agent was replaced this week' }),
      ),
    );
    expect(results.map(r => r.status).sort()).toEqual([200, 409, 409]);
  });
});
