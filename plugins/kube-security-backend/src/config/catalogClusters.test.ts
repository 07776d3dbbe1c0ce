import type { Entity } from '@backstage/catalog-model';
import {
  apiServerUrlProblem,
  catalogClusterOf,
  isNonPublicAddress,
} from './catalogClusters';

const resource = (
  name: string,
  annotations: Record<string, string>,
  type = 'kubernetes-cluster',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', annotations },
  spec: { type, owner: 'platform' },
});

const located = (
  extra: Record<string, string> = {},
): Record<string, string> => ({
  'kubernetes.io/api-server': 'https://203.0.114.10',
  'kubernetes.io/api-server-certificate-authority': 'Q0E=',
  'kubernetes.io/auth-provider': 'aws',
  ...extra,
});

/** A DNS that knows two names. */
const hosts: Record<string, string[]> = {
  'public.example': ['203.0.114.20'],
  'inside.example': ['203.0.114.21', '10.1.2.3'],
};
const resolveHost = async (host: string) => {
  const found = hosts[host];
  if (!found)
    throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return found;
};

describe("the Kubernetes plugin's catalog clusters", () => {
  it('reads a kubernetes-cluster Resource as the catalog locator does', async () => {
    const result = await catalogClusterOf(
      resource(
        'eks-prod',
        located({
          'kubernetes.io/x-k8s-aws-id': 'prod',
          'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/r',
          'kubernetes.io/skip-tls-verify': 'true',
          'kubernetes.io/skip-metrics-lookup': 'true',
          serviceAccountToken: 'never-read',
          'backstage.io/techdocs-ref': 'dir:.',
        }),
      ),
      {},
      resolveHost,
    );
    expect(result).toEqual({
      cluster: {
        name: 'eks-prod',
        url: 'https://203.0.114.10',
        authProvider: 'aws',
        authMetadata: {
          'kubernetes.io/api-server': 'https://203.0.114.10',
          'kubernetes.io/api-server-certificate-authority': 'Q0E=',
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/x-k8s-aws-id': 'prod',
          'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/r',
          'kubernetes.io/skip-tls-verify': 'true',
          'kubernetes.io/skip-metrics-lookup': 'true',
        },
        caData: 'Q0E=',
        // Honoured only when the locator says dangerouslyAllowSkipTLSVerify.
        skipTLSVerify: false,
        provider: 'eks',
        origin: 'catalog',
        entityRef: 'resource:default/eks-prod',
      },
    });
  });

  it('names the cluster by kube-security.io/cluster when set, and takes its provider annotation', async () => {
    const result = await catalogClusterOf(
      resource(
        'shared',
        located({
          'kubernetes.io/auth-provider': 'googleServiceAccount',
          'kubernetes.io/skip-tls-verify': 'true',
          'kube-security.io/cluster': 'shared-prod',
          'kube-security.io/provider': 'GKE',
        }),
      ),
      { dangerouslyAllowSkipTLSVerify: true },
      resolveHost,
    );
    expect(result).toMatchObject({
      cluster: {
        name: 'shared-prod',
        provider: 'gke',
        skipTLSVerify: true,
        entityRef: 'resource:default/shared',
      },
    });
  });

  it('ignores entities the catalog locator does not read', async () => {
    expect(
      await catalogClusterOf(resource('plain', {}), {}, resolveHost),
    ).toBeUndefined();
    expect(
      await catalogClusterOf(
        resource('db', located(), 'database'),
        {},
        resolveHost,
      ),
    ).toBeUndefined();
    expect(
      await catalogClusterOf(
        { ...resource('c', located()), kind: 'Component' },
        {},
        resolveHost,
      ),
    ).toBeUndefined();
  });

  it('says why a Resource with an API server is not scanned', async () => {
    const problem = async (
      annotations: Record<string, string>,
      options = {},
    ) => {
      const result = await catalogClusterOf(
        resource('c', annotations),
        options,
        resolveHost,
      );
      return result && 'problem' in result ? result.problem : undefined;
    };
    const { 'kubernetes.io/auth-provider': _a, ...noAuth } = located();
    expect(await problem(noAuth)).toMatch(
      /^kubernetes-cluster Resource resource:default\/c has kubernetes\.io\/api-server but no kubernetes\.io\/auth-provider annotation/,
    );
    const { 'kubernetes.io/api-server-certificate-authority': _ca, ...noCa } =
      located();
    expect(await problem(noCa)).toMatch(
      /no kubernetes\.io\/api-server-certificate-authority annotation/,
    );
    expect(
      await problem(
        located({ 'kubernetes.io/auth-provider': 'serviceAccount' }),
      ),
    ).toMatch(
      /serviceAccount auth provider, which the Kubernetes plugin refuses for catalog clusters/,
    );
    expect(
      await problem(located({ 'kubernetes.io/auth-provider': 'oidc' })),
    ).toMatch(
      /'oidc' auth provider, which sends the token of the Backstage user/,
    );
    expect(
      await problem(
        located({ 'kubernetes.io/api-server': 'http://public.example' }),
      ),
    ).toMatch(/is not scanned: its API server URL must use https/);
    expect(
      await problem(
        located({ 'kubernetes.io/api-server': 'https://inside.example' }),
      ),
    ).toMatch(/its API server host inside\.example is a non-public address/);
  });

  it('checks API server URLs as the Kubernetes plugin does', async () => {
    const check = (url: string, allow?: string[]) =>
      apiServerUrlProblem(
        url,
        { dangerouslyAllowClusterUrls: allow },
        resolveHost,
      );
    expect(await check('https://public.example:6443')).toBeUndefined();
    expect(await check('https://203.0.114.9')).toBeUndefined();
    expect(await check('nope')).toMatch(/is not a URL/);
    expect(await check('https://u:p@public.example')).toMatch(
      /must not contain credentials/,
    );
    expect(await check('ftp://public.example')).toMatch(/must use https/);
    expect(await check('https://127.0.0.1')).toMatch(/non-public address/);
    expect(await check('https://[::1]:6443')).toMatch(/non-public address/);
    expect(await check('https://missing.example')).toMatch(
      /does not resolve \(ENOTFOUND\)/,
    );
    // Listed hosts may be private or plain HTTP.
    expect(await check('http://127.0.0.1:8080', ['127.0.0.1'])).toBeUndefined();
    expect(
      await check('https://api.inside.example', ['*.inside.example']),
    ).toBeUndefined();
    expect(
      await check('https://inside.example', ['*.inside.example']),
    ).toBeUndefined();
  });

  it('tells public from non-public addresses', () => {
    for (const address of [
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ]) {
      expect([address, isNonPublicAddress(address)]).toEqual([address, true]);
    }
    for (const address of ['8.8.8.8', '203.0.114.10', '2606:4700::1111']) {
      expect([address, isNonPublicAddress(address)]).toEqual([address, false]);
    }
  });
});
