import { parseManifestText } from '../../snapshot/parse';
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

describe('workload-namespace-isolation/default-namespace: other objects', () => {
  const objects = (text: string) => {
    const parsed = parseManifestText(text);
    expect(parsed.errors).toEqual([]);
    return parsed.objects;
  };

  it('reports application objects placed in default explicitly', () => {
    const run = runOn(
      checks,
      objects(`
apiVersion: v1
kind: Service
metadata: { name: web, namespace: default, labels: { app: web } }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: default }
data: { log-level: info }
`),
    );
    expect(flagged(run)).toEqual([
      'default-namespace fail ConfigMap/default/settings @ metadata.namespace',
      'default-namespace fail Service/default/web @ metadata.namespace',
    ]);
    expect(run.evidence[defaultNamespaceCheck.id]).toBe(true);
  });

  it('reports a Secret placed in default by where it sits, never by what it holds', () => {
    const run = runOn(
      checks,
      objects(`
apiVersion: v1
kind: Secret
type: Opaque
metadata:
  name: db-credentials
  namespace: default
  annotations: { note: s3cr3t-annotation }
stringData: { password: s3cr3t-value }
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: default-token-x7k2p
  namespace: default
  annotations: { kubernetes.io/service-account.name: default }
data: { token: czNjcjN0LXRva2Vu }
---
apiVersion: v1
kind: Secret
metadata: { name: tls }
data: { tls.key: czNjcjN0LWtleQ== }
`),
    );
    expect(flagged(run)).toEqual([
      'default-namespace fail Secret/default/db-credentials @ metadata.namespace',
      'default-namespace warn low Secret/default/tls @ metadata.namespace',
    ]);
    expect(JSON.stringify(run)).not.toMatch(/s3cr3t|czNjcjN0/);
  });

  it('warns about application objects that name no namespace in manifests', () => {
    const run = runOn(
      checks,
      objects(`
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
`),
    );
    expect(flagged(run)).toEqual([
      'default-namespace warn low Service/default/web @ metadata.namespace',
    ]);
  });

  it('leaves the objects Kubernetes creates in default, and objects without a namespace in a cluster dump', () => {
    const run = runOn(
      checks,
      objects(`
apiVersion: v1
kind: Service
metadata: { name: kubernetes, namespace: default }
spec: { ports: [{ port: 443 }] }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: default }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data: { log-level: info }
`),
      { scope: 'cluster' },
    );
    expect(flagged(run)).toEqual([]);
  });
});
