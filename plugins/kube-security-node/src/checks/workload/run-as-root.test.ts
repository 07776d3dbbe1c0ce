import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { nonRootNotRequiredCheck, runAsRootCheck } from './run-as-root';

const ITEM = 'workload-admission-policy';
const checks = [runAsRootCheck, nonRootNotRequiredCheck];
const c = 'spec.template.spec.containers';
const job = 'spec.jobTemplate.spec.template.spec';

describe('workload-admission-policy/run-as-root', () => {
  it('finds root and possibly-root containers, pod-level values included', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual(
      [
        `run-as-root fail high Deployment/legacy/web/app @ ${c}[0].securityContext.runAsUser`,
        `run-as-root fail medium Deployment/legacy/web/sidecar @ ${c}[1].securityContext.runAsNonRoot`,
        // Inherited from the pod: the evidence is the pod-level field.
        'run-as-root fail high StatefulSet/legacy/cache/cache @ spec.template.spec.securityContext.runAsUser',
        // The container's runAsNonRoot: false overrides the pod's true.
        `run-as-root fail medium CronJob/legacy/report/setup @ ${job}.initContainers[0].securityContext.runAsNonRoot`,
        // A non-zero user without runAsNonRoot: not root, only the restricted guard missing.
        `non-root-not-required warn CronJob/legacy/report/report @ ${job}.containers[0].securityContext.runAsNonRoot`,
        'non-root-not-required warn Pod/lax/debug/shell @ spec.containers[0].securityContext.runAsNonRoot',
      ].sort(),
    );
  });

  it('narrows the standards to what each finding breaks', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    const standards = (name: string, container: string) =>
      run.findings.find(
        f => f.resource.name === name && f.resource.container === container,
      )?.standards;
    expect(standards('web', 'app')).toEqual([
      'PSS restricted: Running as Non-root user',
      'PSS restricted: Running as Non-root',
      'CIS 5.2.7',
      'NSA/CISA: Non-root containers',
    ]);
    expect(standards('web', 'sidecar')).toEqual([
      'PSS restricted: Running as Non-root',
      'CIS 5.2.7',
      'NSA/CISA: Non-root containers',
    ]);
    // A non-zero user is not root: only the restricted standard's guard is missing.
    expect(standards('debug', 'shell')).toEqual([
      'PSS restricted: Running as Non-root',
    ]);
  });

  it('answers CIS 5.7.3 only where no securityContext is set at all', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  containers:
    - { name: bare, image: app:1 }
    - name: empty
      image: app:1
      securityContext: {}
    - name: some
      image: app:1
      securityContext: { readOnlyRootFilesystem: true }
`);
    const run = runOn(checks, objects);
    const standards = (container: string) =>
      run.findings.find(f => f.resource.container === container)?.standards;
    expect(standards('bare')).toContain('CIS 5.7.3');
    expect(standards('empty')).toContain('CIS 5.7.3');
    expect(standards('some')).not.toContain('CIS 5.7.3');
    expect(standards('some')).toContain('CIS 5.2.7');
  });

  it('lets a container override a root pod-level user', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  securityContext: { runAsUser: 0, runAsNonRoot: false }
  containers:
    - name: c
      image: app:1
      securityContext: { runAsUser: 1000, runAsNonRoot: true }
`);
    expect(flagged(runOn(checks, objects))).toEqual([]);
  });

  it('reads quoted values', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  containers:
    - name: c
      image: app:1
      securityContext: { runAsUser: "0" }
`);
    expect(flagged(runOn(checks, objects))).toEqual([
      'run-as-root fail high Pod/team/p/c @ spec.containers[0].securityContext.runAsUser',
    ]);
  });

  it('keeps PSS ids off a pod with its own user namespace, and CIS/NSA on', () => {
    const { objects } = parseManifestText(`
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ldap, namespace: id }
spec:
  selector: { matchLabels: { app: ldap } }
  template:
    metadata: { labels: { app: ldap } }
    spec:
      hostUsers: false
      securityContext: { runAsUser: 0 }
      containers:
        - { name: ldap, image: ldap:1 }
        - name: helper
          image: helper:1
          securityContext: { runAsUser: 1000 }
---
apiVersion: v1
kind: Pod
metadata: { name: shared, namespace: id }
spec:
  hostUsers: true
  securityContext: { runAsUser: 0 }
  containers:
    - { name: app, image: app:1 }
`);
    const run = runOn(checks, objects);
    // (the helper runs as 1000 without runAsNonRoot: no warning in a user namespace)
    expect(flagged(run)).toEqual([
      'run-as-root fail high Pod/id/shared/app @ spec.securityContext.runAsUser',
      'run-as-root fail high StatefulSet/id/ldap/ldap @ spec.template.spec.securityContext.runAsUser',
    ]);
    const standards = (name: string) =>
      run.findings.find(
        f => f.resource.name === name && f.checkId.endsWith('/run-as-root'),
      )?.standards;
    expect(standards('ldap')).toEqual([
      'CIS 5.2.7',
      'NSA/CISA: Non-root containers',
    ]);
    expect(standards('shared')).toEqual([
      'PSS restricted: Running as Non-root user',
      'PSS restricted: Running as Non-root',
      'CIS 5.2.7',
      'NSA/CISA: Non-root containers',
    ]);
    expect(run.findings.find(f => f.resource.name === 'ldap')?.message).toMatch(
      /hostUsers: false/,
    );
  });

  it('asks no user-namespaced container for runAsNonRoot', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  hostUsers: false
  containers:
    - name: c
      image: app:1
      securityContext: { runAsUser: 1000 }
---
apiVersion: v1
kind: Pod
metadata: { name: q, namespace: team }
spec:
  containers:
    - name: c
      image: app:1
      securityContext: { runAsUser: 1000 }
`);
    expect(flagged(runOn(checks, objects))).toEqual([
      'non-root-not-required warn Pod/team/q/c @ spec.containers[0].securityContext.runAsNonRoot',
    ]);
  });

  it('passes the hardened fixture and skips Windows pods', () => {
    expect(flagged(runOn(checks, fixtureObjects(ITEM, 'good.yaml')))).toEqual(
      [],
    );
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
    expect(flagged(runOn(checks, objects))).toEqual([]);
  });
});
