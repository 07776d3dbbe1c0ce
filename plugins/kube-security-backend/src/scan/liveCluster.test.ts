import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  ClustersResponse,
  EntityPlanResponse,
} from '@kube-security/plugin-kube-security-common';
import { loadManifests } from '@kube-security/plugin-kube-security-node';
import { FakeKubernetesApiServer } from '@kube-security/plugin-kube-security-node/testUtils';
import { resolve } from 'path';
import request from 'supertest';
import { kubeSecurityPlugin } from '../plugin';
import {
  EXAMPLES_DIR,
  loadExampleCatalog,
} from '../__testUtils__/exampleCatalog';

const user = mockCredentials.user.header();

/**
 * The live collector (real @kubernetes/client-node) against a local server that speaks the
 * Kubernetes list API, serving the objects of the example EKS cluster.
 */
describe('a live cluster whose API starts failing', () => {
  let api: FakeKubernetesApiServer;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    const { objects } = await loadManifests([
      resolve(EXAMPLES_DIR, 'clusters/eks-prod-eu'),
    ]);
    api = await FakeKubernetesApiServer.start({
      objects: objects as Array<{ kind: string }>,
    });
    const catalog = loadExampleCatalog().map(e =>
      e.metadata.name === 'eks-prod-eu'
        ? {
            ...e,
            metadata: {
              ...e.metadata,
              annotations: {
                ...e.metadata.annotations,
                'kube-security.io/cluster': 'live',
              },
            },
          }
        : e,
    );
    ({ server } = await startTestBackend({
      features: [
        kubeSecurityPlugin,
        catalogServiceMock.factory({ entities: catalog }),
        mockServices.rootConfig.factory({
          data: {
            kubeSecurity: {
              clusters: [
                {
                  name: 'live',
                  provider: 'eks',
                  url: api.url,
                  serviceAccountToken: api.token,
                  skipTLSVerify: true,
                  // The local fake API server speaks plain HTTP.
                  allowInsecureHttp: true,
                },
              ],
            },
          },
        }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
      ],
    }));
  }, 60_000);

  afterAll(async () => {
    await api.stop();
  });

  async function clusters() {
    return (
      (
        await request(server)
          .get('/api/kube-security/clusters')
          .set('Authorization', user)
      ).body as ClustersResponse
    ).clusters;
  }
  async function plan() {
    return (
      await request(server)
        .get('/api/kube-security/entities/component/default/cart-service/plan')
        .set('Authorization', user)
    ).body as EntityPlanResponse;
  }

  it('keeps the last good findings and shows the cluster as stale with the reason', async () => {
    expect((await clusters())[0]).toMatchObject({
      name: 'live',
      source: 'kubernetes',
      stale: false,
      lastScan: { status: 'ok' },
    });
    const before = await plan();
    const findingIds = before.plan.items
      .flatMap(i => i.findings.map(f => f.id))
      .sort();
    expect(findingIds.length).toBeGreaterThan(5);
    expect(api.requestsTo('Secret')).toHaveLength(0);

    // NetworkPolicies are listed after workloads: the API breaks in the middle of the scan.
    api.addFault('NetworkPolicy', {
      type: 'status',
      status: 500,
      message: 'etcd is unavailable',
    });
    const trigger = await request(server)
      .post('/api/kube-security/clusters/live/scan')
      .set('Authorization', user);
    expect(trigger.status).toBe(202);

    const [live] = await clusters();
    expect(live.stale).toBe(true);
    expect(live.lastScan?.status).toBe('failed');
    expect(live.staleReason).toMatch(/500/);
    expect(live.staleReason).not.toContain(api.token);

    const after = await plan();
    expect(after.stale).toBe(true);
    expect(
      after.plan.items.flatMap(i => i.findings.map(f => f.id)).sort(),
    ).toEqual(findingIds);

    // Once the API recovers, the next scan clears the stale flag.
    api.clearFaults();
    await request(server)
      .post('/api/kube-security/clusters/live/scan')
      .set('Authorization', user);
    expect((await clusters())[0]).toMatchObject({
      stale: false,
      lastScan: { status: 'ok' },
    });
  }, 60_000);

  it('records a 403 on one kind as a partial scan naming the kind', async () => {
    api.addFault('ClusterRole', {
      type: 'status',
      status: 403,
      message: 'clusterroles is forbidden',
    });
    await request(server)
      .post('/api/kube-security/clusters/live/scan')
      .set('Authorization', user);
    const [live] = await clusters();
    expect(live.lastScan?.status).toBe('partial');
    expect(live.lastScan?.unreadableKinds).toContain('ClusterRole');
    expect(live.stale).toBe(false);
    api.clearFaults();
  }, 60_000);
});
