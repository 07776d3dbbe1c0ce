import { ConfigReader } from '@backstage/config';
import { readKubeSecurityConfig } from './readConfig';
import { readKubernetesPluginClusterConfig } from './kubernetesPluginClusters';

const read = (root: object) => readKubeSecurityConfig(new ConfigReader(root));

const locators = (...clusterLocatorMethods: object[]) => ({
  kubernetes: { clusterLocatorMethods },
});

describe("reading the Kubernetes plugin's clusters", () => {
  it('reads config clusters with every server-side auth provider and their metadata', () => {
    const warnings: string[] = [];
    const { clusters, catalog } = readKubernetesPluginClusterConfig(
      new ConfigReader(
        locators({
          type: 'config',
          clusters: [
            {
              name: 'sa',
              url: 'https://sa.example',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'token-1',
              caFile: '/etc/ca.pem',
            },
            {
              name: 'eks',
              url: 'https://eks.example',
              authProvider: 'aws',
              assumeRole: 'arn:aws:iam::123456789012:role/reader',
              externalId: 'ext',
              authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'prod' },
            },
            {
              name: 'aks',
              url: 'https://aks.example',
              authMetadata: { 'kubernetes.io/auth-provider': 'azure' },
            },
            {
              name: 'gke',
              url: 'https://gke.example',
              authProvider: 'googleServiceAccount',
              caData: 'Y2E=',
              skipTLSVerify: false,
            },
          ],
        }),
      ),
      warnings,
    );
    expect(warnings).toEqual([]);
    expect(catalog).toBeUndefined();
    expect(clusters).toEqual([
      {
        name: 'sa',
        url: 'https://sa.example',
        authProvider: 'serviceAccount',
        authMetadata: { serviceAccountToken: 'token-1' },
        caData: undefined,
        caFile: '/etc/ca.pem',
        skipTLSVerify: undefined,
        origin: 'config',
      },
      {
        name: 'eks',
        url: 'https://eks.example',
        authProvider: 'aws',
        authMetadata: {
          'kubernetes.io/aws-assume-role':
            'arn:aws:iam::123456789012:role/reader',
          'kubernetes.io/aws-external-id': 'ext',
          'kubernetes.io/x-k8s-aws-id': 'prod',
        },
        caData: undefined,
        caFile: undefined,
        skipTLSVerify: undefined,
        provider: 'eks',
        origin: 'config',
      },
      expect.objectContaining({
        name: 'aks',
        authProvider: 'azure',
        provider: 'aks',
      }),
      expect.objectContaining({
        name: 'gke',
        authProvider: 'googleServiceAccount',
        caData: 'Y2E=',
        skipTLSVerify: false,
        provider: 'gke',
      }),
    ]);
  });

  it('skips clusters whose auth needs a signed-in user, saying why, and keeps the others', () => {
    const config = read(
      locators({
        type: 'config',
        clusters: [
          { name: 'g', url: 'https://g.example', authProvider: 'google' },
          {
            name: 'o',
            url: 'https://o.example',
            authProvider: 'oidc',
            oidcTokenProvider: 'okta',
          },
          { name: 'a', url: 'https://a.example', authProvider: 'aks' },
          { name: 'c', url: 'https://c.example', authProvider: 'pinniped' },
          {
            name: 'ok',
            url: 'https://ok.example',
            authProvider: 'serviceAccount',
            serviceAccountToken: 't',
          },
        ],
      }),
    );
    expect(config.clusters.map(c => c.name)).toEqual(['ok']);
    expect(config.warnings).toEqual([
      expect.stringMatching(
        /^Kubernetes plugin cluster g \(kubernetes\.clusterLocatorMethods\[0\]\.clusters\[0\]\) uses the 'google' auth provider, which sends the token of the Backstage user .*not scanned.*googleServiceAccount/,
      ),
      expect.stringMatching(/cluster o .*'oidc' auth provider.*not scanned/),
      expect.stringMatching(/cluster a .*'aks' auth provider.*not scanned/),
      expect.stringMatching(
        /cluster c .*auth provider 'pinniped', which Kube Security cannot use.*not scanned/,
      ),
    ]);
  });

  it('skips a bad entry with a warning naming the field, and scans the others', () => {
    const config = read(
      locators(
        {
          type: 'config',
          clusters: [
            { url: 'https://nameless.example' },
            { name: 'no-url', serviceAccountToken: 't' },
            { name: 'bad-url', url: 'not a url', serviceAccountToken: 't' },
            {
              name: 'good',
              url: 'https://good.example',
              serviceAccountToken: 't',
            },
          ],
        },
        { type: 'config', clusters: 'not-a-list' },
        { type: 'config' },
        {
          type: 'config',
          clusters: [
            {
              name: 'good-2',
              url: 'https://good-2.example',
              serviceAccountToken: 't',
            },
          ],
        },
      ),
    );
    expect(config.clusters.map(c => c.name)).toEqual(['good', 'good-2']);
    expect(config.warnings).toEqual([
      expect.stringContaining(
        'kubernetes.clusterLocatorMethods[0].clusters[0].name is missing',
      ),
      expect.stringContaining(
        'Kubernetes plugin cluster no-url (kubernetes.clusterLocatorMethods[0].clusters[1]): kubernetes.clusterLocatorMethods[0].clusters[1].url is missing',
      ),
      expect.stringContaining(
        'kubernetes.clusterLocatorMethods[0].clusters[2].url "not a url" is not a URL',
      ),
      expect.stringContaining(
        'kubernetes.clusterLocatorMethods[1].clusters is not a list of clusters',
      ),
    ]);
  });

  it('reads the catalog locator options and says which locator types it does not scan', () => {
    const config = read(
      locators(
        {
          type: 'catalog',
          dangerouslyAllowClusterUrls: ['*.internal.example'],
          dangerouslyAllowSkipTLSVerify: true,
        },
        { type: 'gke', projectId: 'p' },
        { type: 'localKubectlProxy' },
        { type: 'mystery' },
      ),
    );
    expect(config.kubernetesPluginCatalog).toEqual({
      dangerouslyAllowClusterUrls: ['*.internal.example'],
      dangerouslyAllowSkipTLSVerify: true,
    });
    expect(config.warnings).toEqual([
      expect.stringMatching(
        /^kubernetes\.clusterLocatorMethods\[1\] \(gke\): clusters discovered from Google Cloud are not scanned/,
      ),
      expect.stringMatching(
        /^kubernetes\.clusterLocatorMethods\[2\] \(localKubectlProxy\)/,
      ),
      expect.stringMatching(
        /^kubernetes\.clusterLocatorMethods\[3\]\.type is "mystery"/,
      ),
    ]);
  });

  it('warns, and goes on, when clusterLocatorMethods is not a list', () => {
    const config = read({ kubernetes: { clusterLocatorMethods: 'config' } });
    expect(config.clusters).toEqual([]);
    expect(config.warnings).toEqual([
      expect.stringMatching(
        /^kubernetes\.clusterLocatorMethods is not a list of locator methods/,
      ),
    ]);
  });

  it('lets kubeSecurity entries win by name or API server, snapshots by name', () => {
    const config = read({
      kubeSecurity: {
        clusters: [
          {
            name: 'prod',
            url: 'https://prod.example',
            serviceAccountToken: 'own',
          },
          {
            name: 'own-name',
            url: 'https://shared.example/',
            serviceAccountToken: 'own',
          },
        ],
        snapshots: [{ name: 'air-gapped', directory: './snap' }],
      },
      ...locators({
        type: 'config',
        clusters: [
          {
            name: 'prod',
            url: 'https://other.example',
            serviceAccountToken: 't',
          },
          {
            name: 'plugin-name',
            url: 'https://shared.example',
            serviceAccountToken: 't',
          },
          {
            name: 'air-gapped',
            url: 'https://air.example',
            serviceAccountToken: 't',
          },
          {
            name: 'extra',
            url: 'https://extra.example',
            serviceAccountToken: 't',
          },
        ],
      }),
    });
    expect(
      config.clusters.map(c => [c.name, c.url, !!c.kubernetesPlugin]),
    ).toEqual([
      ['prod', 'https://prod.example', false],
      ['own-name', 'https://shared.example/', false],
      ['extra', 'https://extra.example', true],
    ]);
    expect(config.warnings).toEqual([]);
  });

  it('reads no Kubernetes plugin cluster when turned off', () => {
    const config = read({
      kubeSecurity: { useKubernetesPluginClusters: false },
      ...locators(
        {
          type: 'config',
          clusters: [
            { name: 'x', url: 'https://x.example', serviceAccountToken: 't' },
          ],
        },
        { type: 'catalog' },
      ),
    });
    expect(config.clusters).toEqual([]);
    expect(config.kubernetesPluginCatalog).toBeUndefined();
  });

  it('scans a plain-HTTP cluster on this host only (the token never leaves it)', () => {
    const config = read(
      locators({
        type: 'config',
        clusters: [
          {
            name: 'kind',
            url: 'http://127.0.0.1:6443',
            serviceAccountToken: 't',
          },
          {
            name: 'local',
            url: 'http://localhost:8001',
            serviceAccountToken: 't',
          },
          {
            name: 'remote',
            url: 'http://10.0.0.5:6443',
            serviceAccountToken: 't',
          },
        ],
      }),
    );
    expect(config.clusters.map(c => c.name)).toEqual(['kind', 'local']);
    expect(config.warnings).toEqual([
      expect.stringMatching(
        /^Kubernetes plugin cluster remote has an http:\/\/ url; it is not scanned/,
      ),
    ]);
  });

  it('needs no token in config for auth providers that make their own', () => {
    const config = read(
      locators({
        type: 'config',
        clusters: [
          { name: 'eks', url: 'https://eks.example', authProvider: 'aws' },
          {
            name: 'sa',
            url: 'https://sa.example',
            authProvider: 'serviceAccount',
          },
        ],
      }),
    );
    expect(config.clusters.map(c => c.name)).toEqual(['eks']);
    expect(config.warnings).toEqual([
      expect.stringMatching(
        /^Kubernetes plugin cluster sa has no serviceAccountToken; it is not scanned/,
      ),
    ]);
  });
});
