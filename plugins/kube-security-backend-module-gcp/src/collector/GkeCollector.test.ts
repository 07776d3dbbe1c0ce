import { ConfigReader } from '@backstage/config';
import {
  GkeDescriptor,
  parseCloudDescriptor,
} from '@kube-security/plugin-kube-security-node';
import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import { readGcpConfig } from '../config';
import {
  GkeCollector,
  GkeCollectorOptions,
  IAM_POLICY_KIND,
} from './GkeCollector';
import {
  FAULTS,
  FakeGoogleCloud,
  useFakeApplicationDefaultCredentials,
} from '../__testUtils__/FakeGoogleCloud';

/** The engine's own GKE fixtures: complete `gcloud … --format=json` outputs. */
function fixture(name: 'gke-good' | 'gke-bad'): {
  cluster: Record<string, any>;
  account: { iamPolicy: Record<string, any> };
} {
  const dir = dirname(
    require.resolve('@kube-security/plugin-kube-security-node/package.json'),
  );
  return JSON.parse(
    readFileSync(
      join(dir, 'src/checks/__fixtures__/cloud', `${name}.json`),
      'utf8',
    ),
  );
}

const PROJECT = 'acme-shop-prod';

/**
 * The policy as the API returns it. The fixture's hand-written etag is not canonical
 * base64 (stray low bits); bytes travel decoded, so what comes back is the canonical form.
 */
function asServed(policy: Record<string, any>) {
  return {
    ...policy,
    etag: Buffer.from(policy.etag, 'base64').toString('base64'),
  };
}
const FAST_RETRY = { maxAttempts: 4, initialDelayMs: 40, maxDelayMs: 200 };

describe('GkeCollector with the Google Cloud clients against a local API', () => {
  let adc: ReturnType<typeof useFakeApplicationDefaultCredentials>;
  let api: FakeGoogleCloud;
  let collector: GkeCollector;
  const good = fixture('gke-good');

  beforeAll(async () => {
    adc = useFakeApplicationDefaultCredentials();
    api = await FakeGoogleCloud.start({ publicKey: adc.publicKey });
    const projects = readGcpConfig(
      new ConfigReader({
        kubeSecurity: {
          gcp: {
            projectId: PROJECT,
            apiEndpoint: api.url,
            clusters: [
              {
                name: 'shop',
                location: 'europe-west1',
                gkeClusterName: 'shop-prod-eu',
              },
              { name: 'ghost', location: 'europe-west4' },
            ],
          },
        },
      }),
    );
    collector = new GkeCollector(projects, { retry: FAST_RETRY });
  });

  /** A collector of the shop cluster alone on the fake API, retrying as `retry` says. */
  const shopCollector = (retry: GkeCollectorOptions['retry']) =>
    new GkeCollector(
      readGcpConfig(
        new ConfigReader({
          kubeSecurity: {
            gcp: {
              projectId: PROJECT,
              apiEndpoint: api.url,
              clusters: [
                {
                  name: 'shop',
                  location: 'europe-west1',
                  gkeClusterName: 'shop-prod-eu',
                },
              ],
            },
          },
        }),
      ),
      { retry },
    );

  beforeEach(() => {
    api.clearFaults();
    api.requests.length = 0;
    api.setCluster(PROJECT, 'europe-west1', 'shop-prod-eu', good.cluster);
    api.setIamPolicy(PROJECT, good.account.iamPolicy);
  });

  afterAll(async () => {
    await collector.close();
    await api.stop();
    adc.restore();
  });

  it('lists the configured clusters as GKE clusters', async () => {
    await expect(collector.listClusters()).resolves.toEqual([
      { name: 'shop', provider: 'gke' },
      { name: 'ghost', provider: 'gke' },
    ]);
  });

  it('returns the cluster and the IAM policy exactly as gcloud prints them', async () => {
    const result = await collector.collect('shop');

    expect(result.unreadable).toEqual([]);
    const cloud = result.cloud as GkeDescriptor;
    expect(cloud.provider).toBe('gke');
    // The client fills every unset field with a default; none of that may leak through.
    expect(cloud.cluster).toEqual(good.cluster);
    expect(cloud.cluster.privateClusterConfig.enablePrivateNodes).toBe(true);
    expect(cloud.cluster.nodePools[0].networkConfig.enablePrivateNodes).toBe(
      true,
    );
    expect(cloud.cluster.nodePools[0].config.workloadMetadataConfig).toEqual({
      mode: 'GKE_METADATA',
    });
    expect(cloud.cluster.legacyAbac).toEqual({});
    expect(cloud.account?.iamPolicy).toEqual(asServed(good.account.iamPolicy));

    // The engine reads it as a normalized descriptor of the same provider.
    const parsed = parseCloudDescriptor(JSON.stringify(cloud), 'live', 'gke');
    expect(parsed.errors).toEqual([]);

    const [get] = api.requestsTo('getCluster');
    expect(get.path).toBe(
      `/v1/projects/${PROJECT}/locations/europe-west1/clusters/shop-prod-eu`,
    );
    const [iam] = api.requestsTo('getIamPolicy');
    expect(iam.path).toBe(`/v3/projects/${PROJECT}:getIamPolicy`);
    expect(JSON.parse(iam.body)).toEqual({
      options: { requestedPolicyVersion: 3 },
    });
    // Signed with the fake service-account key found through ADC (checked by the server).
    expect(get.authorization).toMatch(/^Bearer ey/);
  });

  it('turns numeric enums, well-known types and explicit false values into gcloud JSON', async () => {
    const pool = good.cluster.nodePools[0];
    api.setCluster(PROJECT, 'europe-west1', 'shop-prod-eu', {
      ...good.cluster,
      // What the API sends when asked for `enum-encoding=int`, as the client does.
      databaseEncryption: { state: 2, currentState: 'CURRENT_STATE_DECRYPTED' },
      meshCertificates: { enableCertificates: false },
      maintenancePolicy: {
        window: {
          maintenanceExclusions: {
            'black-friday': {
              startTime: '2025-11-27T00:00:00Z',
              endTime: '2025-12-01T12:30:00.500Z',
            },
          },
        },
      },
      nodePools: [
        {
          ...pool,
          config: {
            ...pool.config,
            workloadMetadataConfig: { mode: 1 },
            maxRunDuration: '3600s',
          },
          // Explicitly false (a proto3 optional field) overrides the cluster default.
          networkConfig: { ...pool.networkConfig, enablePrivateNodes: false },
        },
      ],
    });

    const { cloud } = await collector.collect('shop');
    const cluster = (cloud as GkeDescriptor).cluster;

    expect(cluster.databaseEncryption).toEqual({
      state: 'DECRYPTED',
      currentState: 'CURRENT_STATE_DECRYPTED',
    });
    expect(cluster.nodePools[0].config.workloadMetadataConfig).toEqual({
      mode: 'GCE_METADATA',
    });
    expect(cluster.nodePools[0].config.maxRunDuration).toBe('3600s');
    expect(cluster.nodePools[0].networkConfig.enablePrivateNodes).toBe(false);
    expect(cluster.meshCertificates).toEqual({ enableCertificates: false });
    expect(cluster.maintenancePolicy.window.maintenanceExclusions).toEqual({
      'black-friday': {
        startTime: '2025-11-27T00:00:00Z',
        endTime: '2025-12-01T12:30:00.500Z',
      },
    });
    expect(api.requestsTo('getCluster')[0].query.get('$alt')).toBe(
      'json;enum-encoding=int',
    );
  });

  it('drops the legacy basic-auth password and client key the API may return', async () => {
    api.setCluster(PROJECT, 'europe-west1', 'shop-prod-eu', {
      ...good.cluster,
      masterAuth: {
        username: 'admin',
        password: 'not-for-kube-security',
        clientCertificate: 'LS0tQ0VSVA==',
        clientKey: 'LS0tS0VZ',
        clusterCaCertificate: good.cluster.masterAuth.clusterCaCertificate,
      },
    });

    const { cloud } = await collector.collect('shop');

    expect((cloud as GkeDescriptor).cluster.masterAuth).toEqual({
      username: 'admin',
      clientCertificate: 'LS0tQ0VSVA==',
      clusterCaCertificate: good.cluster.masterAuth.clusterCaCertificate,
    });
    expect(JSON.stringify(cloud)).not.toContain('not-for-kube-security');
  });

  it('retries a throttled clusters.get with growing delays, then succeeds', async () => {
    api.addFault('getCluster', FAULTS.throttled(2));

    const result = await collector.collect('shop');

    expect((result.cloud as GkeDescriptor).cluster.name).toBe('shop-prod-eu');
    const attempts = api.requestsTo('getCluster').map(r => r.at);
    expect(attempts).toHaveLength(3);
    // Backoff: at least half the ceiling (40 ms, then 80 ms) between attempts.
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(19);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(39);
  });

  it('retries a throttled getIamPolicy too, then succeeds', async () => {
    api.addFault('getIamPolicy', FAULTS.throttled(2));
    api.addFault('getIamPolicy', FAULTS.unavailable(1));

    const result = await collector.collect('shop');

    expect(result.unreadable).toEqual([]);
    expect((result.cloud as GkeDescriptor).account?.iamPolicy).toEqual(
      asServed(good.account.iamPolicy),
    );
    expect(api.requestsTo('getIamPolicy')).toHaveLength(4);
  });

  it('fails the cluster once throttling outlasts the attempts, saying so', async () => {
    api.addFault('getCluster', FAULTS.throttled());

    await expect(collector.collect('shop')).rejects.toThrow(
      /GKE cluster 'shop-prod-eu' in location europe-west1 of project acme-shop-prod: still RESOURCE_EXHAUSTED after 4 attempts/,
    );
    expect(api.requestsTo('getCluster')).toHaveLength(4);
    expect(api.requestsTo('getIamPolicy')).toHaveLength(0);
  });

  it('keeps the cluster and records the IAM policy as unreadable when still throttled', async () => {
    api.addFault('getIamPolicy', FAULTS.throttled());

    const result = await collector.collect('shop');

    expect((result.cloud as GkeDescriptor).cluster).toEqual(good.cluster);
    expect((result.cloud as GkeDescriptor).account).toBeUndefined();
    expect(result.unreadable).toEqual([
      {
        kind: IAM_POLICY_KIND,
        reason: expect.stringMatching(/^RESOURCE_EXHAUSTED after 4 attempts/),
      },
    ]);
  });

  it('names container.clusters.get when the cluster read is denied', async () => {
    api.addFault('getCluster', FAULTS.forbidden());

    await expect(collector.collect('shop')).rejects.toThrow(
      /permission denied; the credentials lack container\.clusters\.get .*The caller does not have permission/,
    );
    // Not retried: a missing permission does not come back by itself.
    expect(api.requestsTo('getCluster')).toHaveLength(1);
  });

  it('returns the cluster without account facts when getIamPolicy is denied', async () => {
    api.addFault('getIamPolicy', FAULTS.forbidden());

    const result = await collector.collect('shop');

    const cloud = result.cloud as GkeDescriptor;
    expect(cloud.cluster).toEqual(good.cluster);
    // Unknown, not empty: an empty policy would read as "no direct user grants".
    expect(cloud.account).toBeUndefined();
    expect(result.unreadable).toHaveLength(1);
    expect(result.unreadable![0].kind).toBe(IAM_POLICY_KIND);
    expect(result.unreadable![0].reason).toMatch(
      /^PERMISSION_DENIED: the credentials lack resourcemanager\.projects\.getIamPolicy on project acme-shop-prod/,
    );
    expect(api.requestsTo('getIamPolicy')).toHaveLength(1);
  });

  it('points at Application Default Credentials when Google rejects them', async () => {
    // Another key than the one the server trusts: its self-signed tokens are refused.
    const stranger = useFakeApplicationDefaultCredentials();
    const rejected = shopCollector(FAST_RETRY);
    try {
      await expect(rejected.collect('shop')).rejects.toThrow(
        /did not accept the Application Default Credentials \(Request had invalid authentication credentials\.\); set GOOGLE_APPLICATION_CREDENTIALS/,
      );
    } finally {
      await rejected.close();
      stranger.restore();
    }
  });

  it('says which cluster, location and project were not found', async () => {
    const error: Error = await collector.collect('ghost').then(
      () => new Error('expected a failure'),
      e => e,
    );

    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(
      /^GKE cluster 'ghost' in location europe-west4 of project acme-shop-prod was not found \(Kube Security cluster 'ghost'\); check kubeSecurity\.gcp\.clusters\[1\]\.location and gkeClusterName/,
    );
    expect(api.requestsTo('getCluster')).toHaveLength(1);
  });

  it('rejects a cluster it was not configured with', async () => {
    await expect(collector.collect('other')).rejects.toThrow(
      "No GKE cluster named 'other' is configured under kubeSecurity.gcp",
    );
  });

  it('stops waiting for a retry when the scan is cancelled', async () => {
    api.addFault('getCluster', FAULTS.throttled());
    const slow = shopCollector({ maxAttempts: 10, initialDelayMs: 60_000 });
    const controller = new AbortController();
    const started = Date.now();
    const pending = slow.collect('shop', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('scan cancelled')), 200);

    await expect(pending).rejects.toThrow('scan cancelled');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(api.requestsTo('getCluster')).toHaveLength(1);
    await slow.close();
  });
});
