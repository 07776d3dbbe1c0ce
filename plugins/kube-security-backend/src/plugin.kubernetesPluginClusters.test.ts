import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  ClustersResponse,
  EntityPlanResponse,
} from '@kube-security/plugin-kube-security-common';
import { loadManifests } from '@kube-security/plugin-kube-security-node';
import { FakeKubernetesApiServer } from '@kube-security/plugin-kube-security-node/testUtils';
import { resolve } from 'path';
import request from 'supertest';
import { kubeSecurityPlugin } from './plugin';
import {
  EXAMPLES_DIR,
  loadExampleCatalog,
} from './__testUtils__/exampleCatalog';

const user = mockCredentials.user.header();
const AWS_KEY_ID = 'AKIAKUBESECURITYTEST';

/** What can be checked of a token signed by the Kubernetes backend's AwsIamStrategy. */
function isPresignedEksToken(token: string): boolean {
  if (!token.startsWith('k8s-aws-v1.')) return false;
  const url = new URL(
    Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(),
  );
  return (
    url.hostname === 'sts.us-east-1.amazonaws.com' &&
    url.searchParams.get('Action') === 'GetCallerIdentity' &&
    (url.searchParams.get('X-Amz-Credential') ?? '').startsWith(
      `${AWS_KEY_ID}/`,
    ) &&
    (url.searchParams.get('X-Amz-SignedHeaders') ?? '').includes('x-k8s-aws-id')
  );
}

const objectsOf = async (cluster: string) =>
  (await loadManifests([resolve(EXAMPLES_DIR, 'clusters', cluster)]))
    .objects as Array<{ kind: string }>;

/**
 * The acceptance case of the Kubernetes plugin's clusters: app-config has only
 * `kubernetes.clusterLocatorMethods` (no kubeSecurity section). A `config` cluster with
 * service-account auth and a `catalog` cluster (a kubernetes-cluster Resource with AWS
 * auth) are both scanned through local fake API servers, and their findings belong to
 * their Resources, which carry no kube-security.io/cluster annotation.
 */
describe('the Kubernetes plugin clusters, with no kubeSecurity config', () => {
  let gkeApi: FakeKubernetesApiServer;
  let eksApi: FakeKubernetesApiServer;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const AWS_ENV = [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_REGION',
    'AWS_PROFILE',
    'AWS_SESSION_TOKEN',
  ];
  const savedEnv = Object.fromEntries(AWS_ENV.map(k => [k, process.env[k]]));

  beforeAll(async () => {
    // Static AWS credentials: the AWS strategy presigns its token locally, without a call.
    process.env.AWS_ACCESS_KEY_ID = AWS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = 'not-a-real-secret';
    process.env.AWS_REGION = 'us-east-1';
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;

    gkeApi = await FakeKubernetesApiServer.start({
      token: 'gke-service-account-token',
      objects: await objectsOf('gke-analytics'),
    });
    eksApi = await FakeKubernetesApiServer.start({
      // Nothing but a token the AWS strategy signed is accepted.
      token: 'no-static-token-is-accepted',
      acceptToken: isPresignedEksToken,
      objects: await objectsOf('eks-prod-eu'),
    });

    const examples: Entity[] = loadExampleCatalog().map(e => {
      if (e.kind !== 'Resource') return e;
      const { 'kube-security.io/cluster': _cluster, ...annotations } =
        e.metadata.annotations ?? {};
      if (e.metadata.name === 'eks-prod-eu') {
        Object.assign(annotations, {
          'kubernetes.io/api-server': eksApi.url,
          'kubernetes.io/api-server-certificate-authority': '',
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/x-k8s-aws-id': 'eks-prod-eu',
        });
      }
      return { ...e, metadata: { ...e.metadata, annotations } };
    });
    // A Resource of the same name in another namespace claims the cluster by its name
    // too: the cluster still belongs to the Resource it was found through.
    const namesake: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'eks-prod-eu', namespace: 'sandbox' },
      spec: { type: 'kubernetes-cluster', owner: 'platform' },
    };
    const catalog = [...examples, namesake];

    ({ server } = await startTestBackend({
      features: [
        kubeSecurityPlugin,
        catalogServiceMock.factory({ entities: catalog }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'gke-analytics',
                      url: gkeApi.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: gkeApi.token,
                      skipTLSVerify: true,
                    },
                  ],
                },
                {
                  type: 'catalog',
                  // The fake API server listens on plain HTTP on the loopback address.
                  dangerouslyAllowClusterUrls: ['127.0.0.1'],
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
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await gkeApi?.stop();
    await eksApi?.stop();
  });

  const get = (path: string) =>
    request(server).get(`/api/kube-security${path}`).set('Authorization', user);

  async function clusters() {
    return ((await get('/clusters')).body as ClustersResponse).clusters;
  }

  async function findingsOf(ref: string) {
    const response = await get(`/entities/${ref}/plan`);
    expect(response.status).toBe(200);
    const body = response.body as EntityPlanResponse;
    return body.plan.items.flatMap(i => i.findings);
  }

  it('scans both clusters and maps their findings to their Resources and components', async () => {
    for (const name of ['gke-analytics', 'eks-prod-eu']) {
      const trigger = await request(server)
        .post(`/api/kube-security/clusters/${name}/scan`)
        .set('Authorization', user);
      expect(trigger.status).toBe(202);
    }

    const byName = new Map((await clusters()).map(c => [c.name, c]));
    for (const name of ['gke-analytics', 'eks-prod-eu']) {
      expect(byName.get(name)).toMatchObject({
        name,
        source: 'kubernetes-plugin',
        stale: false,
        lastScan: { status: 'ok' },
      });
    }
    // The provider follows the auth provider of the catalog cluster (aws: EKS).
    expect(byName.get('eks-prod-eu')?.provider).toBe('eks');

    // Both API servers answered, each with its own credential; no Secret was asked for.
    for (const api of [gkeApi, eksApi]) {
      expect(api.requests.length).toBeGreaterThan(5);
      // Every request was let in (a kind the fake does not serve answers 404).
      expect(api.requests.filter(r => r.status === 401)).toEqual([]);
      expect(api.requests.filter(r => r.status === 200).length).toBeGreaterThan(
        5,
      );
      expect(api.requestsTo('Secret')).toHaveLength(0);
    }

    // Cluster-level findings belong to the Resource of the same name; for the catalog
    // cluster, the one it was found through.
    for (const name of ['gke-analytics', 'eks-prod-eu']) {
      const findings = await findingsOf(`resource/default/${name}`);
      expect(findings.length).toBeGreaterThan(0);
      expect(new Set(findings.map(f => f.resource.cluster))).toEqual(
        new Set([name]),
      );
    }
    expect(await findingsOf('resource/sandbox/eks-prod-eu')).toEqual([]);
    // Workloads belong to the components that name them, in each cluster.
    const cart = await findingsOf('component/default/cart-service');
    expect(cart.length).toBeGreaterThan(0);
    expect(cart.every(f => f.resource.cluster === 'eks-prod-eu')).toBe(true);
    const reporting = await findingsOf('component/default/reporting-jobs');
    expect(reporting.length).toBeGreaterThan(0);
    expect(reporting.every(f => f.resource.cluster === 'gke-analytics')).toBe(
      true,
    );
  }, 60_000);

  it('does not scan a cluster the Kubernetes plugin does not know', async () => {
    const trigger = await request(server)
      .post('/api/kube-security/clusters/aks-shared/scan')
      .set('Authorization', user);
    expect(trigger.status).toBe(404);
  });
});
