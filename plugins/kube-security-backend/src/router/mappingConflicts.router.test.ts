import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { ClustersResponse } from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { kubeSecurityPlugin } from '../plugin';
import {
  EXAMPLE_SNAPSHOTS,
  loadExampleCatalog,
} from '../__testUtils__/exampleCatalog';

/** A Resource someone registered that names the platform team's cluster. */
const rogue = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'aaa-eks',
    namespace: 'default',
    annotations: { 'kube-security.io/cluster': 'eks-prod-eu' },
  },
  spec: { type: 'kubernetes-cluster', owner: 'data' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/data' }],
};

async function start(kubeSecurity: object) {
  const { server } = await startTestBackend({
    features: [
      kubeSecurityPlugin,
      catalogServiceMock.factory({
        entities: [...loadExampleCatalog(), rogue],
      }),
      mockServices.rootConfig.factory({
        data: {
          kubeSecurity: {
            snapshots: EXAMPLE_SNAPSHOTS.filter(s => s.name === 'eks-prod-eu'),
            ...kubeSecurity,
          },
        },
      }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
    ],
  });
  const res = await request(server)
    .get('/api/kube-security/clusters')
    .set('Authorization', mockCredentials.user.header());
  expect(res.status).toBe(200);
  return res.body as ClustersResponse;
}

describe('GET /clusters lists mapping conflicts', () => {
  it('shows two Resources claiming one cluster, both refused', async () => {
    const body = await start({});
    expect(body.mappingConflicts).toEqual([
      expect.objectContaining({
        kind: 'cluster',
        cluster: 'eks-prod-eu',
        claimants: ['resource:default/aaa-eks', 'resource:default/eks-prod-eu'],
      }),
    ]);
    expect(body.mappingConflicts![0].keptBy).toBeUndefined();
  }, 60_000);

  it('keeps the cluster with the entity the configuration pins', async () => {
    const body = await start({
      clusterEntities: { 'eks-prod-eu': 'resource:default/eks-prod-eu' },
    });
    expect(body.mappingConflicts).toEqual([
      expect.objectContaining({
        kind: 'cluster',
        keptBy: 'resource:default/eks-prod-eu',
      }),
    ]);
  }, 60_000);
});
