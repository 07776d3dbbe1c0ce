import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { EntityFactsResponse } from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { startDemo } from '../__testUtils__/startDemo';

describe('GET /entity-facts', () => {
  it('serves a backend service (the Tech Insights retriever) and a user the same facts', async () => {
    const { server } = await startDemo();
    const asService = await request(server)
      .get('/api/kube-security/entity-facts')
      .set('Authorization', mockCredentials.service.header());
    expect(asService.status).toBe(200);
    const body = asService.body as EntityFactsResponse;
    expect(body).toMatchObject({ offset: 0, limit: 500 });
    expect(body.total).toBe(body.entities.length);
    const cart = body.entities.find(
      e => e.entityRef === 'component:default/cart-service',
    );
    expect(cart).toMatchObject({
      grade: expect.stringMatching(/^[A-F]$/),
      openByCategory: {
        cloud: expect.any(Number),
        cluster: expect.any(Number),
        workload: expect.any(Number),
        image: expect.any(Number),
      },
    });

    const asUser = await request(server)
      .get('/api/kube-security/entity-facts?limit=2&offset=1')
      .set('Authorization', mockCredentials.user.header());
    expect(asUser.status).toBe(200);
    expect(asUser.body.entities).toEqual(body.entities.slice(1, 3));
  });

  it('answers 401 without credentials, 400 for a bad page and 403 when the policy denies', async () => {
    const { server } = await startDemo();
    expect(
      (
        await request(server)
          .get('/api/kube-security/entity-facts')
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
    const bad = await request(server)
      .get('/api/kube-security/entity-facts?limit=5000')
      .set('Authorization', mockCredentials.service.header());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('limit');

    const denied = await startDemo([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    const res = await request(denied.server)
      .get('/api/kube-security/entity-facts')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('kube-security.findings.read');
  });
});
