import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { systemNamespaceCheck } from './system-namespace';

const ITEM = 'workload-namespace-isolation';
const checks = [systemNamespaceCheck];

describe('workload-namespace-isolation/system-namespace', () => {
  it('flags applications in system namespaces', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual([
      'system-namespace fail Deployment/kube-system/billing @ metadata.namespace',
    ]);
  });

  it('passes platform components in kube-system', () => {
    const objects = fixtureObjects(ITEM, 'good.yaml');
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn(checks, objects, { scope });
      expect(flagged(run)).toEqual([]);
      expect(run.evidence[systemNamespaceCheck.id]).toBe(true);
    }
  });
});
