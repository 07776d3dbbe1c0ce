import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { podSecurityLabelsCheck } from './pod-security-labels';

const ITEM = 'workload-admission-policy';
const checks = [podSecurityLabelsCheck];
const EVIDENCE = "metadata.labels['pod-security.kubernetes.io/enforce']";

describe('workload-admission-policy/pod-security-labels', () => {
  it('reports namespaces with no labels, enforce: privileged, or only warn/audit', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual([
      `pod-security-labels fail Namespace/lax/lax @ ${EVIDENCE}`,
      `pod-security-labels fail Namespace/legacy/legacy @ ${EVIDENCE}`,
      `pod-security-labels fail Namespace/soft/soft @ ${EVIDENCE}`,
    ]);
    const message = (name: string) =>
      run.findings.find(f => f.resource.name === name)?.message;
    expect(message('legacy')).toMatch(
      /has no pod-security.kubernetes.io\/enforce label/,
    );
    expect(message('lax')).toMatch(
      /enforces the 'privileged' Pod Security level/,
    );
    expect(message('soft')).toMatch(/only warns or audits/);
  });

  it('judges a Namespace manifest on its own', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Namespace
metadata:
  name: team
  labels: { pod-security.kubernetes.io/audit: baseline }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      `pod-security-labels fail Namespace/team/team @ ${EVIDENCE}`,
    ]);
    expect(run.evidence[`${ITEM}/pod-security-labels`]).toBe(true);
  });

  it('passes enforced namespaces', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'good.yaml'));
    expect(flagged(run)).toEqual([]);
    expect(run.evidence[`${ITEM}/pod-security-labels`]).toBe(true);
  });

  it('on a cluster, judges namespaces that run team workloads and have a Namespace object', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: v1
kind: Namespace
metadata: { name: empty }
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team-a }
spec:
  containers: [{ name: c, image: registry.example.com/c:1 }]
---
apiVersion: v1
kind: Pod
metadata: { name: q, namespace: no-object }
spec:
  containers: [{ name: c, image: registry.example.com/c:1 }]
`);
    const run = runOn(checks, objects, { scope: 'cluster' });
    expect(flagged(run)).toEqual([
      `pod-security-labels fail Namespace/team-a/team-a @ ${EVIDENCE}`,
    ]);
  });
});
