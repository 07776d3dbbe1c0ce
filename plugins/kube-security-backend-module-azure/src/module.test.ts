import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The acceptance test runs the module inside the real backend plugin (a devDependency).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import kubeSecurityPlugin from '@kube-security/plugin-kube-security-backend';
import type {
  ClustersResponse,
  EntityPlanResponse,
} from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import {
  activityLogSetting,
  clusterId,
  publicClusterBody,
  RESOURCE_GROUP,
  SUBSCRIPTION,
  SUBSCRIPTION_SCOPE,
} from './__testUtils__/armFixtures';
import {
  authorizationFailed,
  fakeCredential,
  FakeArmServer,
} from './__testUtils__/FakeArmServer';
import { createKubeSecurityAzureModule } from './module';

const user = mockCredentials.user.header();

function catalog() {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform', namespace: 'default' },
      spec: { type: 'team', children: [] },
      relations: [],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'orders-aks',
        namespace: 'default',
        annotations: {
          'kube-security.io/cluster': 'orders-aks',
          'kube-security.io/provider': 'aks',
        },
      },
      spec: { type: 'kubernetes-cluster', owner: 'platform' },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
    },
  ];
}

describe('the Azure module in a backend', () => {
  let arm: FakeArmServer;

  beforeAll(async () => {
    arm = await FakeArmServer.start();
    // A public API server and no diagnostic setting: kube-audit goes nowhere.
    arm.addCluster(publicClusterBody('orders-aks'));
    arm.setDiagnosticSettings(SUBSCRIPTION_SCOPE, [activityLogSetting()]);
  });

  afterAll(async () => {
    await arm.stop();
  });

  it('shows a public AKS cluster with audit logs off as failing private access and audit logging', async () => {
    const { server } = await startTestBackend({
      features: [
        kubeSecurityPlugin,
        createKubeSecurityAzureModule({
          credential: fakeCredential,
          clientOptions: { tlsOptions: { ca: arm.ca } },
        }),
        catalogServiceMock.factory({ entities: catalog() }),
        mockServices.rootConfig.factory({
          data: {
            kubeSecurity: {
              azure: {
                subscriptions: [
                  {
                    subscriptionId: SUBSCRIPTION,
                    endpoint: arm.url,
                    clusters: [
                      { name: 'orders-aks', resourceGroup: RESOURCE_GROUP },
                    ],
                  },
                ],
              },
            },
          },
        }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
      ],
    });

    const clusters = (
      await request(server)
        .get('/api/kube-security/clusters')
        .set('Authorization', user)
    ).body as ClustersResponse;
    expect(clusters.clusters).toEqual([
      expect.objectContaining({
        name: 'orders-aks',
        provider: 'aks',
        source: 'azure',
        lastScan: expect.objectContaining({ status: 'ok' }),
      }),
    ]);

    const response = await request(server)
      .get('/api/kube-security/entities/resource/default/orders-aks/plan')
      .set('Authorization', user);
    expect(response.status).toBe(200);
    const plan = response.body as EntityPlanResponse;
    expect(plan.provider).toBe('aks');
    expect(plan.mapped).toBe(true);
    const status = (itemId: string) =>
      plan.plan.items.find(i => i.itemId === itemId)?.status;
    expect(status('cluster-private-access')).toBe('fail');
    expect(status('cluster-audit-logging')).toBe('fail');
    // Facts the fake serves as good are not reported as failing.
    expect(status('cloud-audit-logging')).not.toBe('fail');
    const audit = plan.plan.items.find(
      i => i.itemId === 'cluster-audit-logging',
    );
    expect(audit?.findings.map(f => f.checkId)).toContain(
      'cluster-audit-logging/control-plane-audit-logs',
    );

    // Once the diagnostic settings are denied, the scan is partial and names what is
    // missing; the audit-logging failure is carried over, never turned into a pass.
    arm.addFault(
      /managedClusters\/orders-aks\/providers\/Microsoft\.Insights\/diagnosticSettings$/i,
      authorizationFailed(
        'Microsoft.Insights/diagnosticSettings/read',
        clusterId('orders-aks'),
      ),
    );
    const trigger = await request(server)
      .post('/api/kube-security/clusters/orders-aks/scan')
      .set('Authorization', user);
    expect(trigger.status).toBe(202);
    const [after] = (
      (
        await request(server)
          .get('/api/kube-security/clusters')
          .set('Authorization', user)
      ).body as ClustersResponse
    ).clusters;
    expect(after.lastScan).toMatchObject({
      status: 'partial',
      unreadableKinds: ['azure:monitor:diagnosticSettings'],
    });
    expect(after.lastScan?.error).toContain(
      'Microsoft.Insights/diagnosticSettings/read',
    );
    const partialPlan = (
      await request(server)
        .get('/api/kube-security/entities/resource/default/orders-aks/plan')
        .set('Authorization', user)
    ).body as EntityPlanResponse;
    const item = (itemId: string) =>
      partialPlan.plan.items.find(i => i.itemId === itemId)?.status;
    expect(item('cluster-audit-logging')).toBe('fail');
    expect(item('cluster-private-access')).toBe('fail');
    arm.clearFaults();
  }, 60_000);

  it('adds no cluster when kubeSecurity.azure is not configured', async () => {
    const before = arm.requests.length;
    const { server } = await startTestBackend({
      features: [
        kubeSecurityPlugin,
        createKubeSecurityAzureModule({ credential: fakeCredential }),
        catalogServiceMock.factory({ entities: catalog() }),
        mockServices.rootConfig.factory({ data: {} }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
      ],
    });
    const clusters = (
      await request(server)
        .get('/api/kube-security/clusters')
        .set('Authorization', user)
    ).body as ClustersResponse;
    expect(clusters.clusters).toEqual([]);
    expect(arm.requests.length).toBe(before);
  }, 60_000);
});
