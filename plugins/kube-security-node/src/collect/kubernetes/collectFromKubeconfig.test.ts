import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeKubernetesApiServer } from '../testing';
import { clientNode } from './clientNode';
import { collectFromKubeconfig, guessProvider } from './collectFromKubeconfig';
import { KubernetesCollectError } from './errors';

beforeAll(() => {
  clientNode();
}, 60_000);

describe('collectFromKubeconfig', () => {
  let server: FakeKubernetesApiServer;
  let dir: string;
  let kubeconfigPath: string;

  beforeEach(async () => {
    server = await FakeKubernetesApiServer.start({
      objects: [
        { kind: 'Namespace', metadata: { name: 'shop' } },
        { kind: 'Pod', metadata: { name: 'a', namespace: 'shop' } },
        { kind: 'Pod', metadata: { name: 'b', namespace: 'shop' } },
        { kind: 'Secret', metadata: { name: 's', namespace: 'shop' } },
      ],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-security-'));
    kubeconfigPath = path.join(dir, 'config');
    fs.writeFileSync(
      kubeconfigPath,
      server.kubeconfig({
        context: 'prod-admin',
        cluster: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
      }),
    );
  });

  afterEach(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("scans a context's cluster and names it after the context's cluster entry", async () => {
    const result = await collectFromKubeconfig({
      kubeconfigPath,
      context: 'prod-admin',
      pageSize: 1,
    });
    expect(result.cluster).toBe(
      'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
    );
    expect(result.context).toBe('prod-admin');
    expect(result.server).toBe(server.url);
    expect(result.provider).toBe('eks');
    expect(result.contribution.scope).toBe('cluster');
    expect(
      result.contribution.objects.map(o => `${o.kind}/${o.metadata.name}`),
    ).toEqual(['Namespace/shop', 'Pod/a', 'Pod/b']);
    expect(result.snapshot).toEqual({
      cluster: result.cluster,
      provider: 'eks',
      collectedAt: expect.any(String),
      objects: result.contribution.objects,
      scope: 'cluster',
    });
    // The snapshot shares the contribution's array rather than copying it.
    expect(result.snapshot.objects).toBe(result.contribution.objects);
    expect(server.requestsTo('Pod').map(r => r.page)).toEqual([1, 2]);
    expect(server.requestsTo('Secret')).toEqual([]);
  });

  it('takes an explicit cluster name and provider', async () => {
    server.addFault('ClusterRole', { type: 'status', status: 403 });
    const result = await collectFromKubeconfig({
      kubeconfigPath,
      clusterName: 'prod',
      provider: 'aks',
    });
    expect(result.cluster).toBe('prod');
    expect(result.provider).toBe('aks');
    expect(result.snapshot.cluster).toBe('prod');
    expect(result.snapshot.unreadableKinds).toEqual(['ClusterRole']);
    expect(result.contribution.unreadable).toEqual([
      {
        kind: 'ClusterRole',
        reason: 'forbidden: the kubeconfig user cannot list clusterroles',
      },
    ]);
  });

  it('loads the default kubeconfig ($KUBECONFIG) when no path is given', async () => {
    const previous = process.env.KUBECONFIG;
    process.env.KUBECONFIG = kubeconfigPath;
    try {
      const result = await collectFromKubeconfig();
      expect(result.context).toBe('prod-admin');
      expect(result.contribution.objects).toHaveLength(3);
    } finally {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
    }
  });

  it('fails clearly on an unknown context', async () => {
    const error = await collectFromKubeconfig({
      kubeconfigPath,
      context: 'staging',
    }).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(KubernetesCollectError);
    expect(error.message).toBe(
      `cluster staging: context "staging" is not in ${kubeconfigPath} (contexts: prod-admin)`,
    );
  });
});

describe('guessProvider', () => {
  it.each([
    [
      'arn:aws:eks:us-east-1:1:cluster/a',
      'ctx',
      'https://x.example.com',
      'eks',
    ],
    ['a', 'ctx', 'https://ABC.gr7.eu-west-1.eks.amazonaws.com', 'eks'],
    [
      'gke_proj_europe-west1_prod',
      'gke_proj_europe-west1_prod',
      'https://34.1.2.3',
      'gke',
    ],
    [
      'prod',
      'prod',
      'https://prod-dns-1234.hcp.westeurope.azmk8s.io:443',
      'aks',
    ],
    ['kind-kind', 'kind-kind', 'https://127.0.0.1:6443', undefined],
    ['x', 'x', 'not a url', undefined],
  ])('%s / %s / %s -> %s', (cluster, context, server, provider) => {
    expect(guessProvider(cluster, context, server)).toBe(provider);
  });
});
