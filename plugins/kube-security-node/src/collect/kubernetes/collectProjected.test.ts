import { evaluate } from '../..';
import { generateSnapshot } from '../../../bench/synthetic';
import type { Snapshot } from '../../snapshot/types';
import { FakeKubernetesApiServer } from '../testing';
import { clientNode } from './clientNode';
import { collectCluster } from './collectCluster';
import { resolveKubeConfig } from './config';

// client-node takes seconds to load under jest; load it once, outside the tests' budgets.
beforeAll(() => {
  clientNode();
}, 60_000);

describe('collectCluster projection', () => {
  it('collects a 3,000-pod cluster page by page into objects that give the same findings as the full objects', async () => {
    const generated = generateSnapshot({ pods: 3000, seed: 42 });
    const server = await FakeKubernetesApiServer.start({
      objects: generated.objects,
    });
    try {
      const collect = (full: boolean) =>
        collectCluster({
          cluster: generated.cluster,
          config: resolveKubeConfig({
            name: generated.cluster,
            url: server.url,
            serviceAccountToken: server.token,
            skipTLSVerify: true,
          }),
          options: { pageSize: 500 },
          full,
        });
      const asSnapshot = (objects: Snapshot['objects']): Snapshot => ({
        cluster: generated.cluster,
        provider: generated.provider,
        collectedAt: generated.collectedAt,
        scope: 'cluster',
        objects,
        cloud: generated.cloud,
      });

      const full = await collect(true);
      const projected = await collect(false);

      expect(projected.objects).toHaveLength(full.objects.length);
      expect(projected.unreadable).toEqual([]);
      // Pods were read in pages of 500, twice.
      expect(
        server.requestsTo('/api/v1/pods').filter(r => r.page === 6),
      ).toHaveLength(2);
      // Folded pods are stubs, and no pod keeps its status.
      const pods = projected.objects.filter(o => o.kind === 'Pod');
      expect(pods.filter(p => p.spec === undefined).length).toBeGreaterThan(
        2700,
      );
      expect(pods.some(p => p.status !== undefined)).toBe(false);
      expect(
        full.objects.filter(o => o.kind === 'Pod').every(p => p.status),
      ).toBe(true);

      const fullResult = evaluate(asSnapshot(full.objects));
      expect(fullResult.findings.length).toBeGreaterThan(3000);
      expect(JSON.stringify(evaluate(asSnapshot(projected.objects)))).toBe(
        JSON.stringify(fullResult),
      );
    } finally {
      await server.stop();
    }
  }, 120_000);
});
