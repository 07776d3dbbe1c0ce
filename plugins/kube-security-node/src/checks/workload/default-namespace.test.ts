import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { defaultNamespaceCheck } from './default-namespace';

const ITEM = 'workload-namespace-isolation';
const checks = [defaultNamespaceCheck];

describe('workload-namespace-isolation/default-namespace', () => {
  it('flags workloads in the default namespace', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual(
      [
        'default-namespace fail Deployment/default/legacy @ metadata.namespace',
        // No namespace in a manifest: a warning, it may be applied with -n.
        'default-namespace warn low Deployment/default/floating @ metadata.namespace',
      ].sort(),
    );
  });

  it('on a live cluster, a workload without explicit namespace is in default', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'), {
      scope: 'cluster',
    });
    expect(flagged(run)).toContain(
      'default-namespace fail Deployment/default/floating @ metadata.namespace',
    );
  });

  it('passes dedicated namespaces', () => {
    const objects = fixtureObjects(ITEM, 'good.yaml');
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn(checks, objects, { scope });
      expect(flagged(run)).toEqual([]);
      expect(run.evidence[defaultNamespaceCheck.id]).toBe(true);
    }
  });
});
