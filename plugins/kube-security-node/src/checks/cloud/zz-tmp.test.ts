import { evaluate } from '../../engine/evaluate';
import { loadDescriptor, snapshotWith } from './__testUtils__/harness';
it('prints', () => {
  for (const n of ['eks-bad', 'gke-bad', 'aks-bad'] as const) {
    const r = evaluate(snapshotWith({ cloud: loadDescriptor(n), cluster: n }));
    // eslint-disable-next-line no-console
    console.log(n + '\n' + r.findings.map(f => `${f.status} ${f.severity} ${f.checkId} ${f.resource.kind}/${f.resource.name}: ${f.message}`).join('\n') + '\n' + r.items.map(i => `${i.itemId} ${i.coverage}`).join(', '));
  }
});
