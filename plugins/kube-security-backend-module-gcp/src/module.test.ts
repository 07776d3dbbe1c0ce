import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The acceptance test runs the module inside the real Kube Security backend plugin.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import kubeSecurityPlugin from '@kube-security/plugin-kube-security-backend';
import type {
  ClustersResponse,
  EntityPlanResponse,
} from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import kubeSecurityModuleGcp from './index';
import { IAM_POLICY_KIND } from './collector/GkeCollector';
import {
  FAULTS,
  FakeGoogleCloud,
  useFakeApplicationDefaultCredentials,
} from './__testUtils__/FakeGoogleCloud';

const user = mockCredentials.user.header();
const PROJECT = 'acme-analytics';

/** A cluster as `gcloud container clusters describe --format=json` prints it. */
const publicClusterWithoutAuditLogs = {
  name: 'analytics-prod',
  selfLink: `https://container.googleapis.com/v1/projects/${PROJECT}/locations/europe-west1/clusters/analytics-prod`,
  location: 'europe-west1',
  locations: ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'],
  endpoint: '34.77.10.20',
  status: 'RUNNING',
  currentMasterVersion: '1.30.5-gke.1014001',
  network: 'analytics-vpc',
  // Public endpoint open to the internet: no private endpoint, no authorized networks.
  privateClusterConfig: { publicEndpoint: '34.77.10.20' },
  controlPlaneEndpointsConfig: {
    ipEndpointsConfig: {
      enabled: true,
      enablePublicEndpoint: true,
      publicEndpoint: '34.77.10.20',
    },
  },
  // Cloud Logging turned off (component logs): not what the audit-log check judges.
  loggingService: 'none',
  loggingConfig: { componentConfig: {} },
  legacyAbac: {},
  workloadIdentityConfig: { workloadPool: `${PROJECT}.svc.id.goog` },
  nodePools: [
    {
      name: 'default-pool',
      locations: ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'],
      config: {
        machineType: 'e2-standard-4',
        serviceAccount: `gke-nodes@${PROJECT}.iam.gserviceaccount.com`,
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
      },
      networkConfig: { enablePrivateNodes: true },
      status: 'RUNNING',
    },
  ],
};

const policy = {
  version: 1,
  etag: 'BwYcS1R2f3E=',
  bindings: [
    { role: 'roles/owner', members: ['group:platform-admins@acme.example'] },
    { role: 'roles/container.admin', members: ['user:sam@acme.example'] },
  ],
};

function clusterResource(name: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'kube-security.io/cluster': name,
        'kube-security.io/provider': 'gke',
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'platform' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
  };
}

const platform = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'platform', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

describe('the GCP module in a Kube Security backend', () => {
  let adc: ReturnType<typeof useFakeApplicationDefaultCredentials>;
  let api: FakeGoogleCloud;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    adc = useFakeApplicationDefaultCredentials();
    api = await FakeGoogleCloud.start({ publicKey: adc.publicKey });
    api.setCluster(
      PROJECT,
      'europe-west1',
      'analytics-prod',
      publicClusterWithoutAuditLogs,
    );
    api.setIamPolicy(PROJECT, policy);
    ({ server } = await startTestBackend({
      features: [
        kubeSecurityPlugin,
        kubeSecurityModuleGcp,
        catalogServiceMock.factory({
          entities: [platform, clusterResource('gke-analytics')],
        }),
        mockServices.rootConfig.factory({
          data: {
            kubeSecurity: {
              gcp: {
                projectId: PROJECT,
                apiEndpoint: api.url,
                clusters: [
                  {
                    name: 'gke-analytics',
                    location: 'europe-west1',
                    gkeClusterName: 'analytics-prod',
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
    }));
  }, 60_000);

  afterAll(async () => {
    await api.stop();
    adc.restore();
  });

  async function clusters() {
    const response = await request(server)
      .get('/api/kube-security/clusters')
      .set('Authorization', user);
    return (response.body as ClustersResponse).clusters;
  }

  async function plan() {
    const response = await request(server)
      .get('/api/kube-security/entities/resource/default/gke-analytics/plan')
      .set('Authorization', user);
    expect(response.status).toBe(200);
    return response.body as EntityPlanResponse;
  }

  /** The startup scan runs in the background; wait for it to finish. */
  async function settled() {
    for (let i = 0; i < 100; i++) {
      const [cluster] = await clusters();
      if (cluster?.lastScan && cluster.lastScan.status !== 'running')
        return cluster;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error('the scan did not finish');
  }

  it('shows the public endpoint as failing and the missing Data Access audit logs as partial, with GKE steps', async () => {
    const cluster = await settled();
    expect(cluster).toMatchObject({
      name: 'gke-analytics',
      provider: 'gke',
      source: 'gcp',
      lastScan: { status: 'ok' },
    });

    const body = await plan();
    expect(body.provider).toBe('gke');
    expect(body.plan.provider).toBe('gke');
    const status = (id: string) =>
      body.plan.items.find(item => item.itemId === id)?.status;
    expect(status('cluster-private-access')).toBe('fail');
    // The project's IAM policy enables no Data Access audit logs: Admin Activity is always
    // on, so reads alone go unrecorded.
    expect(status('cluster-audit-logging')).toBe('partial');
    expect(
      body.plan.items.find(item => item.itemId === 'cluster-audit-logging')!
        .findings[0].message,
    ).toMatch(/Data Access audit logs \(ADMIN_READ, DATA_READ, DATA_WRITE\)/);
    // The project's IAM policy reached the cloud checks too (a user holds container.admin).
    expect(status('cloud-iam-least-privilege')).toBe('fail');

    const privateAccess = body.plan.items.find(
      item => item.itemId === 'cluster-private-access',
    )!;
    expect(privateAccess.findings[0].message).toMatch(
      /GKE control plane has a public endpoint/,
    );
    expect(api.requestsTo('getCluster').length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('records an unreadable IAM policy as a partial scan naming the permission', async () => {
    api.addFault('getIamPolicy', FAULTS.forbidden());
    const trigger = await request(server)
      .post('/api/kube-security/clusters/gke-analytics/scan')
      .set('Authorization', user);
    expect(trigger.status).toBe(202);

    const cluster = await settled();
    expect(cluster.lastScan?.status).toBe('partial');
    expect(cluster.lastScan?.unreadableKinds).toContain(IAM_POLICY_KIND);
    // Cluster facts still count: the endpoint finding stays.
    const body = await plan();
    expect(
      body.plan.items.find(item => item.itemId === 'cluster-private-access')
        ?.status,
    ).toBe('fail');
    api.clearFaults();
  }, 60_000);
});

describe('the GCP module without or with bad configuration', () => {
  it('adds no cluster when kubeSecurity.gcp is absent', async () => {
    const { server } = await startTestBackend({
      features: [
        kubeSecurityPlugin,
        kubeSecurityModuleGcp,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({ data: { kubeSecurity: {} } }),
      ],
    });
    const response = await request(server)
      .get('/api/kube-security/clusters')
      .set('Authorization', user);
    expect(response.status).toBe(200);
    expect((response.body as ClustersResponse).clusters).toEqual([]);
  }, 60_000);

  it('stops the backend from starting with an error naming the bad key', async () => {
    await expect(
      startTestBackend({
        features: [
          kubeSecurityPlugin,
          kubeSecurityModuleGcp,
          catalogServiceMock.factory({ entities: [] }),
          mockServices.rootConfig.factory({
            data: {
              kubeSecurity: {
                gcp: {
                  projectId: PROJECT,
                  clusters: [{ name: 'gke-analytics' }],
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/kubeSecurity\.gcp\.clusters\[0\]\.location is required/);
  }, 60_000);
});
