import { SnapshotDirectoryCollector } from '../src/collectors/SnapshotDirectoryCollector';
import { EXAMPLE_SNAPSHOTS } from '../src/testing/exampleCatalog';
import { evaluate } from '@kube-security/plugin-kube-security-node';

const K = Number(process.argv[2] ?? 100);
(async () => {
  for (const s of EXAMPLE_SNAPSHOTS) {
    const c = new SnapshotDirectoryCollector([s as any]);
    const contrib = await c.collect(s.name);
    const base = contrib.objects!;
    const namespaced = base.filter(o => o.metadata.namespace && !['kube-system','monitoring'].includes(o.metadata.namespace));
    const nsObjs = base.filter(o => o.kind === 'Namespace');
    const objects = base.filter(o => !(o.metadata.namespace && !['kube-system','monitoring'].includes(o.metadata.namespace)));
    for (let k = 0; k < K; k++) {
      for (const o of namespaced) {
        const copy = JSON.parse(JSON.stringify(o));
        copy.metadata.namespace = `${o.metadata.namespace}-${k}`;
        objects.push(copy);
      }
      for (const n of nsObjs) { if (['kube-system','monitoring','default'].includes(n.metadata.name)) continue; const copy = JSON.parse(JSON.stringify(n)); copy.metadata.name = `${n.metadata.name}-${k}`; objects.push(copy); }
    }
    const snap: any = { cluster: s.name, provider: s.provider, objects, cloud: contrib.cloud, scope: 'cluster' };
    const t = Date.now();
    const r = evaluate(snap, {});
    console.log(s.name, 'objects', objects.length, 'findings', r.findings.length, 'ms', Date.now() - t, 'rss', Math.round(process.memoryUsage().rss/1e6));
  }
})();
