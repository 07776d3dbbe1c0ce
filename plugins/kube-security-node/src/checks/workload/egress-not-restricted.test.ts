import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { egressNotRestrictedCheck } from './egress-not-restricted';

const ITEM = 'workload-network-policies';
const checks = [egressNotRestrictedCheck];

const pod = (name: string, labels: string) => `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: team, labels: ${labels} }
spec:
  containers: [{ name: c, image: registry.example.com/c:1 }]
`;

const calico = (namespace: string, rules: string) => `
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: calico, namespace: ${namespace} }
spec:
  selector: all()
${rules}
`;

describe('workload-network-policies/egress-not-restricted', () => {
  it('flags workloads without restricting egress policies', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual(
      [
        'egress-not-restricted fail Deployment/open/web @ spec.template.metadata.labels',
        'egress-not-restricted fail Deployment/open/api @ spec.template.metadata.labels',
      ].sort(),
    );
  });

  it('names allow-all rules', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(run.findings.find(f => f.resource.name === 'api')?.message).toMatch(
      /'api-allow-all', but a rule there allows all egress traffic/,
    );
  });

  it('passes isolated workloads (default deny plus narrow allows)', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'good.yaml'));
    expect(flagged(run)).toEqual([]);
    expect(run.evidence).toEqual({ [`${ITEM}/egress-not-restricted`]: true });
  });

  it('counts CiliumNetworkPolicies by their endpoint selector', () => {
    const { objects } = parseManifestText(`${pod('a', '{ app: a }')}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: a-ingress, namespace: team }
spec:
  endpointSelector:
    matchLabels: { 'k8s:app': a }
  ingress:
    - fromEndpoints: [{ matchLabels: { app: b } }]
`);
    expect(flagged(runOn(checks, objects))).toEqual([
      'egress-not-restricted fail Pod/team/a @ metadata.labels',
    ]);
  });

  it('warns when only cluster-wide policies may cover a workload', () => {
    const { objects } = parseManifestText(`${pod('a', '{ app: a }')}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: calico-a, namespace: team }
spec:
  selector: app == 'a'
  types: [Ingress]
---
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: { name: global-deny }
spec:
  selector: all()
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'egress-not-restricted warn Pod/team/a @ metadata.labels',
    ]);
    expect(run.findings.map(f => f.message)).toEqual([
      "Pod 'a' has no NetworkPolicy of its own restricting egress traffic; cluster-wide GlobalNetworkPolicy 'global-deny' may cover it, check that they do",
    ]);
  });

  it('applies API defaults: policyTypes from the presence of egress rules', () => {
    const { objects } = parseManifestText(`${pod('a', '{ app: a }')}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: implicit-types, namespace: team }
spec:
  podSelector: { matchLabels: { app: a } }
  egress:
    - to: [{ podSelector: { matchLabels: { app: db } } }]
`);
    expect(flagged(runOn(checks, objects))).toEqual([]);
  });

  it('applies API defaults: an empty or null egress list without policyTypes is Ingress only', () => {
    const policy = (name: string, egress: string, types = '') => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ${name}, namespace: team }
spec:
  podSelector: { matchLabels: { app: ${name} } }${types}
  egress:${egress}
`;
    const { objects } = parseManifestText(
      [
        pod('empty', '{ app: empty }'),
        policy('empty', ' []'),
        pod('nil', '{ app: nil }'),
        policy('nil', ''),
        pod('listed-empty', '{ app: listed-empty }'),
        policy('listed-empty', ' []', '\n  policyTypes: []'),
        pod('declared', '{ app: declared }'),
        policy('declared', ' []', '\n  policyTypes: [Ingress, Egress]'),
      ].join('---'),
    );
    expect(flagged(runOn(checks, objects))).toEqual([
      'egress-not-restricted fail Pod/team/empty @ metadata.labels',
      'egress-not-restricted fail Pod/team/listed-empty @ metadata.labels',
      'egress-not-restricted fail Pod/team/nil @ metadata.labels',
    ]);
  });

  it('applies Calico defaults without types: ingress rules alone leave egress open', () => {
    const { objects } = parseManifestText(
      [
        pod('a', '{ app: a }'),
        calico('team', '  ingress: [{ action: Allow }]'),
        pod('b', '{ app: b }').replace('namespace: team', 'namespace: other'),
        calico('other', '  egress: [{ action: Allow, protocol: TCP }]'),
      ].join('---'),
    );
    expect(flagged(runOn(checks, objects))).toEqual([
      'egress-not-restricted fail Pod/team/a @ metadata.labels',
    ]);
  });

  it('ignores platform namespaces on a whole cluster', () => {
    const { objects } = parseManifestText(
      pod('a', '{ app: a }').replace(
        'namespace: team',
        'namespace: kube-system',
      ),
    );
    expect(flagged(runOn(checks, objects, { scope: 'cluster' }))).toEqual([]);
  });

  it('judges platform namespaces in manifests: the files are the change under review', () => {
    const { objects } = parseManifestText(
      pod('a', '{ app: a }').replace(
        'namespace: team',
        'namespace: kube-system',
      ),
    );
    expect(flagged(runOn(checks, objects))).toEqual([
      'egress-not-restricted fail Pod/kube-system/a @ metadata.labels',
    ]);
  });
});
