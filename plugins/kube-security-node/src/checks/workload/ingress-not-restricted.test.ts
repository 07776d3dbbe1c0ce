import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { ingressNotRestrictedCheck } from './ingress-not-restricted';

const ITEM = 'workload-network-policies';
const checks = [ingressNotRestrictedCheck];

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

describe('workload-network-policies/ingress-not-restricted', () => {
  it('flags workloads without restricting ingress policies', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual(
      [
        'ingress-not-restricted fail Deployment/open/web @ spec.template.metadata.labels',
        'ingress-not-restricted fail Deployment/open/api @ spec.template.metadata.labels',
        'ingress-not-restricted fail Job/open/export @ spec.template.metadata.labels',
      ].sort(),
    );
  });

  it('says why: internet exposure first, allow-all rules by name', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    const message = (name: string) =>
      run.findings.find(f => f.resource.name === name)?.message;
    expect(message('web')).toBe(
      "Deployment 'web' has no NetworkPolicy restricting ingress traffic: it is reachable from the internet through Service 'web' (LoadBalancer) and from every pod in the cluster",
    );
    expect(message('api')).toBe(
      "Deployment 'api' is selected by NetworkPolicy 'api-allow-all', but a rule there allows all ingress traffic: every pod in the cluster can connect to it",
    );
  });

  it('passes isolated workloads (default deny plus narrow allows)', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'good.yaml'));
    expect(flagged(run)).toEqual([]);
    expect(run.evidence).toEqual({ [`${ITEM}/ingress-not-restricted`]: true });
  });

  it('has no evidence on manifests without workloads', () => {
    const run = runOn(
      checks,
      fixtureObjects(ITEM, 'bad.yaml').filter(o => o.kind === 'NetworkPolicy'),
    );
    expect(run.evidence[`${ITEM}/ingress-not-restricted`]).toBe(false);
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
    expect(flagged(runOn(checks, objects))).toEqual([]);
  });

  it('warns when only policies it cannot evaluate may cover a workload', () => {
    const { objects } = parseManifestText(`${pod('a', '{ app: a }')}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: calico-a, namespace: team }
spec:
  selector: app == 'a'
  types: [Ingress]
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'ingress-not-restricted warn Pod/team/a @ metadata.labels',
    ]);
    expect(run.findings.map(f => f.message)).toEqual([
      "Pod 'a' may be covered by Calico policy 'calico-a', whose selector this scan cannot evaluate: check that it restricts ingress traffic",
    ]);
  });

  it('applies Calico defaults without types: egress rules alone leave ingress open', () => {
    const { objects } = parseManifestText(
      [
        pod('a', '{ app: a }'),
        calico('team', '  egress: [{ action: Allow, protocol: TCP }]'),
        pod('b', '{ app: b }').replace('namespace: team', 'namespace: other'),
        calico('other', '  ingress: [{ action: Allow, protocol: TCP }]'),
      ].join('---'),
    );
    expect(flagged(runOn(checks, objects))).toEqual([
      'ingress-not-restricted fail Pod/team/a @ metadata.labels',
    ]);
  });

  it('counts a Cilium rule admitting the all entity on every port as allowing all ingress', () => {
    const cilium = (namespace: string, rule: string) => `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: cilium, namespace: ${namespace} }
spec:
  endpointSelector: {}
  ingress: [${rule}]
`;
    const { objects } = parseManifestText(
      [
        pod('a', '{ app: a }'),
        cilium('team', '{ fromEntities: [all] }'),
        pod('b', '{ app: b }').replace('namespace: team', 'namespace: ports'),
        cilium(
          'ports',
          "{ fromEntities: [all], toPorts: [{ ports: [{ port: '443' }] }] }",
        ),
        pod('c', '{ app: c }').replace('namespace: team', 'namespace: inside'),
        cilium('inside', '{ fromEntities: [cluster] }'),
      ].join('---'),
    );
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'ingress-not-restricted fail Pod/team/a @ metadata.labels',
    ]);
    expect(run.findings[0].message).toMatch(
      /'cilium', but a rule there allows all ingress traffic/,
    );
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
      'ingress-not-restricted fail Pod/kube-system/a @ metadata.labels',
    ]);
  });
});

describe('workload-network-policies/ingress-not-restricted: standards per finding', () => {
  it('answers CIS 5.3.2 only where the namespace has no policy at all', () => {
    const { objects } = parseManifestText(`${pod('a', '{ app: a }')}
---
${pod('b', '{ app: b }').replace('namespace: team', 'namespace: other')}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: only-db, namespace: other }
spec:
  podSelector: { matchLabels: { app: db } }
  policyTypes: [Ingress]
`);
    const run = runOn(checks, objects);
    const standards = (name: string) =>
      run.findings.find(f => f.resource.name === name)?.standards;
    expect(standards('a')).toBeUndefined(); // all of the check's standards
    expect(standards('b')).toEqual(['NSA/CISA: Network policies']);
  });
  it('reads an empty namespace selector as every pod, unless ports narrow the rule', () => {
    const policy = (name: string, app: string, rule: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ${name}, namespace: team }
spec:
  podSelector: { matchLabels: { app: ${app} } }
  policyTypes: [Ingress]
  ingress: [${rule}]`;
    const { objects } = parseManifestText(
      [
        pod('a', '{ app: a }'),
        policy('a-any', 'a', '{ from: [{ namespaceSelector: {} }] }'),
        pod('b', '{ app: b }'),
        policy(
          'b-any-pod',
          'b',
          '{ from: [{ namespaceSelector: { matchLabels: {} }, podSelector: {} }] }',
        ),
        pod('c', '{ app: c }'),
        policy(
          'c-port',
          'c',
          '{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] }',
        ),
        pod('d', '{ app: d }'),
        policy(
          'd-labelled',
          'd',
          '{ from: [{ namespaceSelector: { matchLabels: { team: edge } } }] }',
        ),
        pod('e', '{ app: e }'),
        policy(
          'e-app-pods',
          'e',
          '{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: gw } } }] }',
        ),
      ].join('\n---\n'),
      'a.yaml',
    );
    expect(flagged(runOn(checks, objects))).toEqual([
      'ingress-not-restricted fail Pod/team/a @ metadata.labels',
      'ingress-not-restricted fail Pod/team/b @ metadata.labels',
    ]);
  });
});
