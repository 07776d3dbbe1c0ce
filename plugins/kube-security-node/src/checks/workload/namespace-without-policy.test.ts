import { parseManifestText } from '../../snapshot/parse';
import { flagged, runOn } from './__testUtils__/testing';
import { namespaceWithoutPolicyCheck } from './namespace-without-policy';

const checks = [namespaceWithoutPolicyCheck];
const ID = namespaceWithoutPolicyCheck.id;

function objects(text: string) {
  const parsed = parseManifestText(text);
  expect(parsed.errors).toEqual([]);
  return parsed.objects;
}

const NAMESPACE = (name: string) => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name} }
`;
const DENY_ALL = (namespace: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: ${namespace} }
spec: { podSelector: {}, policyTypes: [Ingress, Egress] }
`;
const DEPLOYMENT = (namespace: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: registry.example.com/web:1 }] }
`;

describe('workload-network-policies/namespace-without-policy', () => {
  it('reports a Namespace manifest with no policy in the files', () => {
    const run = runOn(checks, objects(NAMESPACE('shop')));
    expect(flagged(run)).toEqual([
      'namespace-without-policy fail Namespace/shop/shop',
    ]);
    expect(run.findings[0].message).toMatch(
      /^Namespace 'shop' has no NetworkPolicy/,
    );
  });

  it('passes a namespace with any policy, core or Cilium', () => {
    expect(
      flagged(
        runOn(checks, objects(`${NAMESPACE('shop')}---${DENY_ALL('shop')}`)),
      ),
    ).toEqual([]);
    const cilium = `${NAMESPACE('shop')}---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: deny, namespace: shop }
spec: { endpointSelector: {}, ingress: [{}] }
`;
    expect(flagged(runOn(checks, objects(cilium)))).toEqual([]);
  });

  it('counts only policies of the same namespace', () => {
    const run = runOn(
      checks,
      objects(`${NAMESPACE('shop')}---${DENY_ALL('other')}`),
    );
    expect(flagged(run)).toEqual([
      'namespace-without-policy fail Namespace/shop/shop',
    ]);
  });

  it('warns when only cluster-wide policies may cover it', () => {
    const text = `${NAMESPACE('shop')}---
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: { name: global-deny }
spec: { selector: all() }
`;
    expect(flagged(runOn(checks, objects(text)))).toEqual([
      'namespace-without-policy warn Namespace/shop/shop',
    ]);
  });

  it('on manifests without Namespace objects it has no evidence (workloads are judged by ingress-not-restricted)', () => {
    const run = runOn(checks, objects(DEPLOYMENT('shop')));
    expect(run.findings).toEqual([]);
    expect(run.evidence[ID]).toBe(false);
  });

  it('on a cluster, judges the namespaces where teams run workloads, not platform ones', () => {
    const text = `${DEPLOYMENT('shop')}---${DEPLOYMENT(
      'kube-system',
    )}---${DEPLOYMENT('billing')}---${DENY_ALL('billing')}`;
    const run = runOn(checks, objects(text), { scope: 'cluster' });
    expect(flagged(run)).toEqual([
      'namespace-without-policy fail Namespace/shop/shop',
    ]);
    expect(run.evidence[ID]).toBe(true);
  });
});
