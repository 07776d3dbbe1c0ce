import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ACTION_ITEMS } from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { kubeSecurityPlugin } from './plugin';

describe('kubeSecurityPlugin', () => {
  it('serves the action items to a signed-in user', async () => {
    const { server } = await startTestBackend({
      features: [kubeSecurityPlugin],
    });

    const res = await request(server)
      .get('/api/kube-security/items')
      .set('Authorization', mockCredentials.user.header());

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(
      ACTION_ITEMS.map(i => i.id),
    );
  });

  it('answers 401 without credentials', async () => {
    const { server } = await startTestBackend({
      features: [kubeSecurityPlugin],
    });

    const res = await request(server)
      .get('/api/kube-security/items')
      .set('Authorization', mockCredentials.none.header());

    expect(res.status).toBe(401);
  });

  it('answers 403 when the permission policy denies reading findings', async () => {
    const { server } = await startTestBackend({
      features: [
        kubeSecurityPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });

    const res = await request(server)
      .get('/api/kube-security/clusters')
      .set('Authorization', mockCredentials.user.header());

    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('kube-security.findings.read');
  });

  it('lists no clusters before any scan, with the migrations applied', async () => {
    const { server } = await startTestBackend({
      features: [kubeSecurityPlugin],
    });

    const res = await request(server)
      .get('/api/kube-security/clusters')
      .set('Authorization', mockCredentials.user.header());

    expect(res.status).toBe(200);
    // No clusters, and no mapping conflicts (issue 13 added the field).
    expect(res.body).toEqual({ clusters: [], mappingConflicts: [] });
  });
});
