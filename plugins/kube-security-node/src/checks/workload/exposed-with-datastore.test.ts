import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { exposedWithDatastoreCheck } from './exposed-with-datastore';

const ITEM = 'workload-namespace-isolation';
const checks = [exposedWithDatastoreCheck];

describe('workload-namespace-isolation/exposed-with-datastore', () => {
  it('flags exposed apps next to data stores, and exposed data stores', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual(
      [
        'exposed-with-datastore fail Deployment/shop/storefront @ metadata.namespace',
        'exposed-with-datastore fail Deployment/shop/catalog-db @ metadata.namespace',
      ].sort(),
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

  it('passes dedicated namespaces', () => {
    const objects = fixtureObjects(ITEM, 'good.yaml');
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn(checks, objects, { scope });
      expect(flagged(run)).toEqual([]);
      expect(run.evidence[exposedWithDatastoreCheck.id]).toBe(true);
    }
  });
});
