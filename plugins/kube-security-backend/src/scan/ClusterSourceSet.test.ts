import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { KubeSecurityCollector } from '@kube-security/plugin-kube-security-node';
import { KubernetesPluginCollector } from '../collectors/KubernetesPluginCollector';
import { ClusterSourceSet } from './ClusterSourceSet';
import type { ClusterSource } from './ScanService';

const cluster = (
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'kubernetes.io/api-server': `http://127.0.0.1/${name}`,
      'kubernetes.io/api-server-certificate-authority': '',
      'kubernetes.io/auth-provider': 'aws',
      ...annotations,
    },
  },
  spec: { type: 'kubernetes-cluster' },
});

describe('ClusterSourceSet', () => {
  function setup() {
    const registered: string[][] = [];
    const scheduled: string[] = [];
    const logger = mockServices.logger.mock();
    const sources = new ClusterSourceSet({
      register: async list => {
        registered.push(list.map(s => s.name));
      },
      schedule: async s => {
        scheduled.push(s.name);
      },
      logger,
    });
    const collector = new KubernetesPluginCollector([], {
      strategies: () => {
        throw new Error('not scanned here');
      },
      catalog: { dangerouslyAllowClusterUrls: ['127.0.0.1'] },
    });
    return { sources, collector, registered, scheduled, logger };
  }

  it('schedules a catalog cluster once, stops scanning it when it leaves the catalog, and takes it back', async () => {
    const { sources, collector, registered, scheduled } = setup();
    const module: KubeSecurityCollector = {
      id: 'aws',
      listClusters: async () => [{ name: 'b', provider: 'eks' }],
      collect: async () => ({}),
    };
    const b: ClusterSource = {
      name: 'b',
      provider: 'eks',
      collectors: [module],
    };
    await sources.add([b]);
    expect(scheduled).toEqual(['b']);

    await sources.refreshCatalogClusters(collector, [
      cluster('a'),
      cluster('b'),
    ]);
    // A new cluster is scheduled; a module's cluster of that name gets the collector too.
    expect(scheduled).toEqual(['b', 'a']);
    expect(registered).toEqual([['b'], ['a', 'b']]);
    expect(b.collectors).toEqual([module, collector]);
    expect(
      sources
        .active()
        .map(s => s.name)
        .sort(),
    ).toEqual(['a', 'b']);

    await sources.refreshCatalogClusters(collector, []);
    expect(sources.isActive('a')).toBe(false);
    expect(b.collectors).toEqual([module]);
    expect(sources.active().map(s => s.name)).toEqual(['b']);

    await sources.refreshCatalogClusters(collector, [cluster('a')]);
    expect(sources.isActive('a')).toBe(true);
    // Its task still exists: it is not scheduled twice.
    expect(scheduled).toEqual(['b', 'a']);
  });

  it('logs each reason a Resource is skipped once', async () => {
    const { sources, collector, logger } = setup();
    const oidc = cluster('o', { 'kubernetes.io/auth-provider': 'oidc' });
    await sources.refreshCatalogClusters(collector, [oidc]);
    await sources.refreshCatalogClusters(collector, [oidc]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /resource:default\/o uses the 'oidc' auth provider/,
      ),
    );
  });
});
