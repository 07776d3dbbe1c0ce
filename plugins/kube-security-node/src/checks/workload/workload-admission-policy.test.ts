import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, passes, runOn } from './__testUtils__/testing';
import {
  isCriticalHostPath,
  workloadAdmissionPolicyChecks as checks,
} from './workload-admission-policy';

const ITEM = 'workload-admission-policy';

describe('workload-admission-policy', () => {
  it('finds every bad practice of the bad fixture, with evidence paths', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    const c = 'spec.template.spec.containers';
    const job = 'spec.jobTemplate.spec.template.spec';
    expect(flagged(run)).toEqual(
      [
        `privileged-container fail Deployment/legacy/web/app @ ${c}[0].securityContext.privileged`,
        `privileged-container fail CronJob/legacy/report/setup @ ${job}.initContainers[0].securityContext.privileged`,
        `run-as-root fail high Deployment/legacy/web/app @ ${c}[0].securityContext.runAsUser`,
        `run-as-root fail medium Deployment/legacy/web/sidecar @ ${c}[1].securityContext.runAsNonRoot`,
        // Inherited from the pod: the evidence is the pod-level field.
        'run-as-root fail high StatefulSet/legacy/cache/cache @ spec.template.spec.securityContext.runAsUser',
        // The container's runAsNonRoot: false overrides the pod's true.
        `run-as-root fail medium CronJob/legacy/report/setup @ ${job}.initContainers[0].securityContext.runAsNonRoot`,
        `run-as-root warn medium CronJob/legacy/report/report @ ${job}.containers[0].securityContext.runAsNonRoot`,
        'run-as-root warn medium Pod/lax/debug/shell @ spec.containers[0].securityContext.runAsNonRoot',
        `privilege-escalation fail Deployment/legacy/web/app @ ${c}[0].securityContext.allowPrivilegeEscalation`,
        `privilege-escalation fail Deployment/legacy/web/sidecar @ ${c}[1].securityContext.allowPrivilegeEscalation`,
        `privilege-escalation fail CronJob/legacy/report/setup @ ${job}.initContainers[0].securityContext.allowPrivilegeEscalation`,
        'host-path fail critical Deployment/legacy/web @ spec.template.spec.volumes[1].hostPath.path',
        'host-path fail high StatefulSet/legacy/cache @ spec.template.spec.volumes[0].hostPath.path',
        'host-namespaces fail Deployment/legacy/web @ spec.template.spec.hostNetwork',
        'host-namespaces fail Pod/lax/debug @ spec.hostIPC',
        `dangerous-capabilities fail high Deployment/legacy/web/sidecar @ ${c}[1].securityContext.capabilities.add[1]`,
        `dangerous-capabilities fail medium StatefulSet/legacy/cache/cache @ ${c}[0].securityContext.capabilities.add[0]`,
        "pod-security-labels fail Namespace/legacy/legacy @ metadata.labels['pod-security.kubernetes.io/enforce']",
        "pod-security-labels fail Namespace/lax/lax @ metadata.labels['pod-security.kubernetes.io/enforce']",
        "pod-security-labels fail Namespace/soft/soft @ metadata.labels['pod-security.kubernetes.io/enforce']",
      ].sort(),
    );
    // On manifests, a missing policy engine proves nothing.
    expect(run.evidence[`${ITEM}/policy-engine`]).toBe(false);
  });

  it('writes messages that name the container and the risk', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    const message = (checkId: string, container?: string) =>
      run.findings.find(
        f =>
          f.checkId === `${ITEM}/${checkId}` &&
          f.resource.container === container,
      )?.message;
    expect(message('privileged-container', 'app')).toMatch(
      /^Container 'app' runs privileged: it has every capability of the host/,
    );
    expect(message('privileged-container', 'setup')).toMatch(
      /^Init container 'setup' runs privileged/,
    );
    expect(message('dangerous-capabilities', 'sidecar')).toBe(
      "Container 'sidecar' adds capabilities NET_RAW, SYS_ADMIN: SYS_ADMIN is close to full root on the node",
    );
    expect(message('host-path')).toMatch(/\/var\/run\/docker\.sock/);
    expect(message('host-namespaces')).toMatch(
      /hostNetwork: true, hostPID: true/,
    );
  });

  it('leaves hardened workloads and platform namespaces alone', () => {
    const objects = fixtureObjects(ITEM, 'good.yaml');
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn(checks, objects, { scope });
      expect(flagged(run)).toEqual([]);
      for (const check of checks) {
        expect(run.evidence[check.id]).toBe(true);
      }
      expect(passes(run)).toEqual([
        expect.stringMatching(/^policy-engine Gatekeeper is installed/),
      ]);
    }
  });

  it('judges system namespaces when they are not configured as such', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'good.yaml'), {
      engine: { systemNamespaces: [] },
    });
    expect(flagged(run)).toContain(
      'privileged-container fail DaemonSet/kube-system/cni-node/cni @ spec.template.spec.containers[0].securityContext.privileged',
    );
  });

  it('fails the cluster without a policy engine only on a whole-cluster snapshot', () => {
    const objects = fixtureObjects(ITEM, 'bad.yaml');
    const run = runOn(checks, objects, { scope: 'cluster' });
    expect(flagged(run)).toContain('policy-engine fail Cluster/-/test');
    expect(run.evidence[`${ITEM}/policy-engine`]).toBe(true);

    const blind = runOn(checks, objects, {
      scope: 'cluster',
      unreadableKinds: [
        'ValidatingWebhookConfiguration',
        'CustomResourceDefinition',
      ],
    });
    expect(flagged(blind)).not.toContain('policy-engine fail Cluster/-/test');
    expect(blind.evidence[`${ITEM}/policy-engine`]).toBe(false);
  });

  it('recognises Kyverno by its CRDs', () => {
    const { objects } = parseManifestText(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: clusterpolicies.kyverno.io
`);
    const run = runOn(checks, objects, { scope: 'cluster' });
    expect(passes(run)).toEqual([
      "policy-engine Kyverno is installed (CustomResourceDefinition 'clusterpolicies.kyverno.io'): it can refuse pods that ask for host access",
    ]);
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
  securityContext: { runAsNonRoot: true }
  containers:
    - name: c
      image: registry.example.com/c:1
      securityContext: { allowPrivilegeEscalation: false }
---
apiVersion: v1
kind: Pod
metadata: { name: q, namespace: no-object }
spec:
  securityContext: { runAsNonRoot: true }
  containers:
    - name: c
      image: registry.example.com/c:1
      securityContext: { allowPrivilegeEscalation: false }
`);
    const run = runOn(checks, objects, { scope: 'cluster' });
    expect(
      flagged(run).filter(f => f.startsWith('pod-security-labels')),
    ).toEqual([
      "pod-security-labels fail Namespace/team-a/team-a @ metadata.labels['pod-security.kubernetes.io/enforce']",
    ]);
  });

  it('skips Linux user checks on Windows pods', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: win, namespace: team }
spec:
  os: { name: windows }
  containers:
    - name: iis
      image: mcr.microsoft.com/windows/servercore/iis:latest
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([]);
  });

  it.each([
    ['/var/run/docker.sock', true],
    ['/run/containerd/containerd.sock', true],
    ['/', true],
    ['//', true],
    ['/etc/', true],
    ['/etc/kubernetes', true],
    ['/var/lib/kubelet/pods', true],
    ['/var/log', false],
    ['/etcetera', false],
    ['/data/cache', false],
  ])('classifies host path %s as critical: %s', (path, critical) => {
    expect(isCriticalHostPath(path)).toBe(critical);
  });
});
