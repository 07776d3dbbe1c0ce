import type { Entity } from '@backstage/catalog-model';
import type {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { FakeKubernetesApiServer } from '@kube-security/plugin-kube-security-node/testUtils';
import type { KubernetesPluginCluster } from '../config/kubernetesPluginClusters';
import { KubernetesPluginCollector } from './KubernetesPluginCollector';

const clusterResource = (
  name: string,
  url: string,
  extra: Record<string, string> = {},
  namespace = 'default',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace,
    annotations: {
      'kubernetes.io/api-server': url,
      'kubernetes.io/api-server-certificate-authority': '',
      'kubernetes.io/auth-provider': 'aws',
      ...extra,
    },
  },
  spec: { type: 'kubernetes-cluster' },
});

/** A strategy that hands out a fixed credential and remembers what it was asked. */
class RecordingStrategy implements AuthenticationStrategy {
  readonly asked: ClusterDetails[] = [];
  constructor(private readonly credential: () => KubernetesCredential) {}
  async getCredential(details: ClusterDetails) {
    this.asked.push(details);
    return this.credential();
  }
  validateCluster() {
    return [];
  }
  presentAuthMetadata() {
    return {};
  }
}

const unexpected = (provider: string): never => {
  throw new Error(`no strategy should be asked for, but ${provider} was`);
};

const configCluster = (
  over: Partial<KubernetesPluginCluster> = {},
): KubernetesPluginCluster => ({
  name: 'config-cluster',
  url: 'https://config.example',
  authProvider: 'serviceAccount',
  authMetadata: { serviceAccountToken: 'sa-token' },
  origin: 'config',
  ...over,
});

// The first scan loads @kubernetes/client-node, which takes seconds under jest.
jest.setTimeout(60_000);

describe('KubernetesPluginCollector', () => {
  let api: FakeKubernetesApiServer;
  beforeAll(async () => {
    api = await FakeKubernetesApiServer.start({
      token: 'minted-token',
      objects: [{ kind: 'Namespace', metadata: { name: 'shop' } }],
    });
  });
  afterAll(() => api.stop());

  it('follows the catalog: adds, keeps and removes clusters, first owner of a name wins', async () => {
    const collector = new KubernetesPluginCollector([configCluster()], {
      strategies: () => new RecordingStrategy(() => ({ type: 'anonymous' })),
      catalog: { dangerouslyAllowClusterUrls: ['127.0.0.1'] },
      reserved: {
        names: new Set(['explicit']),
        urls: ['http://127.0.0.1:9999'],
      },
    });
    expect(collector.readsCatalog).toBe(true);
    expect(collector.catalogRead).toBe(false);

    const first = await collector.updateFromCatalog([
      clusterResource('a', 'http://127.0.0.1:1001'),
      clusterResource('a', 'http://127.0.0.1:1002', {}, 'team-b'),
      clusterResource('config-cluster', 'http://127.0.0.1:1003'),
      clusterResource('explicit', 'http://127.0.0.1:1004'),
      clusterResource('same-server', 'http://127.0.0.1:9999'),
      clusterResource('user-token', 'http://127.0.0.1:1005', {
        'kubernetes.io/auth-provider': 'google',
      }),
    ]);
    expect(collector.catalogRead).toBe(true);
    expect(first.added.map(c => [c.name, c.entityRef])).toEqual([
      ['a', 'resource:default/a'],
    ]);
    expect(first.removed).toEqual([]);
    expect(first.problems).toEqual([
      expect.stringMatching(
        /^kubernetes-cluster Resource resource:team-b\/a names cluster a, already used by resource:default\/a; it is not scanned/,
      ),
      expect.stringMatching(
        /^kubernetes-cluster Resource resource:default\/config-cluster names cluster config-cluster, already used by a cluster of the config locator/,
      ),
      expect.stringMatching(/'google' auth provider/),
    ]);
    expect((await collector.listClusters()).map(c => c.name)).toEqual([
      'config-cluster',
      'a',
    ]);

    const second = await collector.updateFromCatalog([
      clusterResource('a', 'http://127.0.0.1:1001'),
      clusterResource('b', 'http://127.0.0.1:1006'),
    ]);
    expect(second.added.map(c => c.name)).toEqual(['b']);
    expect(second.removed).toEqual([]);

    const third = await collector.updateFromCatalog([
      clusterResource('b', 'http://127.0.0.1:1006'),
    ]);
    expect(third).toEqual({ added: [], removed: ['a'], problems: [] });
    expect(collector.has('a')).toBe(false);
    expect(collector.has('b')).toBe(true);
    expect(collector.has('config-cluster')).toBe(true);
  });

  it('reads no catalog cluster without a catalog locator', async () => {
    const collector = new KubernetesPluginCollector([], {
      strategies: () => new RecordingStrategy(() => ({ type: 'anonymous' })),
    });
    expect(collector.readsCatalog).toBe(false);
    const update = await collector.updateFromCatalog([
      clusterResource('a', 'https://203.0.114.1'),
    ]);
    expect(update.added).toEqual([]);
    expect(await collector.listClusters()).toEqual([]);
  });

  it("scans with a fresh credential from the cluster's auth strategy", async () => {
    let minted = 0;
    const aws = new RecordingStrategy(() => {
      minted += 1;
      return { type: 'bearer token', token: 'minted-token' };
    });
    const collector = new KubernetesPluginCollector(
      [
        configCluster({
          name: 'eks',
          url: api.url,
          authProvider: 'aws',
          authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'prod' },
          provider: 'eks',
        }),
      ],
      { strategies: p => (p === 'aws' ? aws : unexpected(p)) },
    );
    expect(await collector.listClusters()).toEqual([
      { name: 'eks', provider: 'eks' },
    ]);
    const first = await collector.collect('eks');
    expect(first.scope).toBe('cluster');
    expect(first.objects.map(o => o.metadata?.name)).toContain('shop');
    await collector.collect('eks');
    expect(minted).toBe(2);
    expect(aws.asked[0]).toMatchObject({
      name: 'eks',
      url: api.url,
      authMetadata: {
        'kubernetes.io/auth-provider': 'aws',
        'kubernetes.io/x-k8s-aws-id': 'prod',
      },
    });
  });

  it('uses a configured service-account token as is', async () => {
    const collector = new KubernetesPluginCollector(
      [
        configCluster({
          url: api.url,
          authMetadata: { serviceAccountToken: 'minted-token' },
        }),
      ],
      { strategies: p => unexpected(p) },
    );
    const result = await collector.collect('config-cluster');
    expect(result.objects.length).toBeGreaterThan(0);
  });

  it('fails a scan with a clear message when no usable credential comes', async () => {
    const make = (credential: () => KubernetesCredential) =>
      new KubernetesPluginCollector(
        [configCluster({ name: 'c', url: api.url, authProvider: 'azure' })],
        { strategies: () => new RecordingStrategy(credential) },
      );
    await expect(
      make(() => {
        throw new Error('no managed identity');
      }).collect('c'),
    ).rejects.toThrow(
      "cluster c: the Kubernetes plugin's azure auth strategy gave no credential: no managed identity",
    );
    await expect(
      make(() => ({
        type: 'x509 client certificate',
        cert: 'c',
        key: 'k',
      })).collect('c'),
    ).rejects.toThrow(
      'cluster c: the azure auth strategy gave a credential of type "x509 client certificate"; Kube Security scans with a bearer token only',
    );
    await expect(
      make(() => ({ type: 'bearer token', token: ' ' })).collect('c'),
    ).rejects.toThrow('gave an empty token');
    await expect(
      make(() => ({ type: 'anonymous' })).collect('gone'),
    ).rejects.toThrow(
      "cluster gone is no longer one of the Kubernetes plugin's clusters",
    );
  });
});
