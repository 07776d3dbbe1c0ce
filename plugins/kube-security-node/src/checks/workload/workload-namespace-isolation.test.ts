import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { workloadNamespaceIsolationChecks as checks } from './workload-namespace-isolation';

const ITEM = 'workload-namespace-isolation';

describe('workload-namespace-isolation', () => {
  it('flags shared and system namespaces and exposed apps next to data stores', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual(
      [
        'default-namespace fail Deployment/default/legacy @ metadata.namespace',
        // No namespace in a manifest: a warning, it may be applied with -n.
        'default-namespace warn low Deployment/default/floating @ metadata.namespace',
        'system-namespace fail Deployment/kube-system/billing @ metadata.namespace',
        'exposed-with-datastore fail Deployment/shop/storefront @ metadata.namespace',
        'exposed-with-datastore fail Deployment/shop/catalog-db @ metadata.namespace',
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

  it('names the exposure path and the data stores', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    const message = (name: string) =>
      run.findings.find(
        f =>
          f.checkId === `${ITEM}/exposed-with-datastore` &&
          f.resource.name === name,
      )?.message;
    expect(message('storefront')).toBe(
      "Deployment 'storefront' is reachable from the internet through Ingress 'shop' and shares namespace 'shop' with MongoDB Deployment 'catalog-db' and Redis StatefulSet 'sessions': a compromise of it lands next to the data. Move the data store to its own namespace",
    );
    expect(message('catalog-db')).toMatch(
      /^Deployment 'catalog-db' looks like a MongoDB and is reachable from the internet through Service 'catalog-db' \(NodePort\)/,
    );
  });

  it('passes dedicated namespaces and platform components in kube-system', () => {
    const objects = fixtureObjects(ITEM, 'good.yaml');
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn(checks, objects, { scope });
      expect(flagged(run)).toEqual([]);
      for (const check of checks) expect(run.evidence[check.id]).toBe(true);
    }
  });
});
