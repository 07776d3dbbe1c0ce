import { ConfigReader } from '@backstage/config';
import { readKubeSecurityConfig } from './readConfig';

const read = (root: object) => readKubeSecurityConfig(new ConfigReader(root));

const kubernetesPlugin = (clusters: object[]) => ({
  kubernetes: {
    clusterLocatorMethods: [{ type: 'config', clusters }],
  },
});

describe('cluster configuration safety', () => {
  it('skips a Kubernetes plugin cluster without a token, with a warning', () => {
    const config = read(
      kubernetesPlugin([
        {
          name: 'with-token',
          url: 'https://a.example',
          serviceAccountToken: 't',
        },
        { name: 'no-token', url: 'https://b.example' },
        {
          name: 'blank-token',
          url: 'https://c.example',
          serviceAccountToken: ' ',
        },
      ]),
    );
    expect(config.clusters.map(c => c.name)).toEqual(['with-token']);
    expect(config.warnings).toEqual([
      expect.stringMatching(
        /^Kubernetes plugin cluster no-token has no serviceAccountToken; it is not scanned/,
      ),
      expect.stringMatching(
        /^Kubernetes plugin cluster blank-token has no serviceAccountToken; it is not scanned/,
      ),
    ]);
  });

  it('skips a kubeSecurity cluster with url and no token, with a warning', () => {
    const config = read({
      kubeSecurity: {
        clusters: [
          { name: 'a', url: 'https://a.example', serviceAccountToken: 't' },
          { name: 'b', url: 'https://b.example' },
          { name: 'c', kubeconfigPath: '/k/config' },
        ],
      },
    });
    expect(config.clusters.map(c => c.name)).toEqual(['a', 'c']);
    expect(config.warnings).toEqual([
      expect.stringMatching(
        /^kubeSecurity.clusters\[1\] \(b\) has a url but no serviceAccountToken; it is not scanned/,
      ),
    ]);
  });

  it('refuses an http:// cluster URL unless the cluster allows it', () => {
    expect(() =>
      read({
        kubeSecurity: {
          clusters: [
            {
              name: 'a',
              url: 'http://a.example:8080',
              serviceAccountToken: 't',
            },
          ],
        },
      }),
    ).toThrow(
      'kubeSecurity.clusters[0] (a): url is http://, so the token would travel unencrypted; use https:// or set allowInsecureHttp: true',
    );
    const allowed = read({
      kubeSecurity: {
        clusters: [
          {
            name: 'a',
            url: 'HTTP://a.example:8080',
            serviceAccountToken: 't',
            allowInsecureHttp: true,
          },
        ],
      },
    });
    expect(allowed.clusters.map(c => c.url)).toEqual(['HTTP://a.example:8080']);
  });

  it('skips an http:// Kubernetes plugin cluster, with a warning', () => {
    const config = read(
      kubernetesPlugin([
        { name: 'plain', url: 'http://a.example', serviceAccountToken: 't' },
      ]),
    );
    expect(config.clusters).toEqual([]);
    expect(config.warnings).toEqual([
      expect.stringMatching(
        /^Kubernetes plugin cluster plain has an http:\/\/ url; it is not scanned/,
      ),
    ]);
  });
});
