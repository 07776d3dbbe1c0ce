import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { seccompProfileCheck } from './seccomp-profile';

const checks = [seccompProfileCheck];

describe('workload-admission-policy/seccomp-profile', () => {
  it('finds Unconfined (baseline) and missing profiles (restricted)', () => {
    const { objects } = parseManifestText(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: team }
spec:
  template:
    spec:
      securityContext: { seccompProfile: { type: Unconfined } }
      containers:
        - { name: inherits, image: app:1 }
        - name: overrides
          image: app:1
          securityContext: { seccompProfile: { type: RuntimeDefault } }
---
apiVersion: v1
kind: Pod
metadata: { name: bare, namespace: team }
spec:
  containers: [{ name: c, image: app:1 }]
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'seccomp-profile fail Deployment/team/web/inherits @ spec.template.spec.securityContext.seccompProfile.type',
      'seccomp-profile fail low Pod/team/bare/c @ spec.containers[0].securityContext.seccompProfile',
    ]);
    const byName = (name: string) =>
      run.findings.find(f => f.resource.name === name)!;
    expect(byName('web').standards).toBeUndefined(); // all of the check's controls
    expect(byName('bare').standards).toEqual([
      'PSS restricted: Seccomp',
      'CIS 5.7.2',
    ]);
  });

  it('reads the seccomp annotations, the container one winning over the pod one', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: team
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: runtime/default
    container.seccomp.security.alpha.kubernetes.io/debug: unconfined
spec:
  containers:
    - { name: app, image: app:1 }
    - { name: debug, image: app:1 }
`);
    expect(flagged(runOn(checks, objects))).toEqual([
      "seccomp-profile fail Pod/team/p/debug @ metadata.annotations['container.seccomp.security.alpha.kubernetes.io/debug']",
    ]);
  });

  it('reads the pod annotation on the controller when its template has none', () => {
    const { objects } = parseManifestText(`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: confined
  namespace: team
  annotations: { seccomp.security.alpha.kubernetes.io/pod: runtime/default }
spec:
  template:
    spec:
      containers: [{ name: c, image: app:1 }]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: open
  namespace: team
  annotations: { seccomp.security.alpha.kubernetes.io/pod: unconfined }
spec:
  template:
    spec:
      containers: [{ name: c, image: app:1 }]
`);
    expect(flagged(runOn(checks, objects))).toEqual([
      "seccomp-profile fail Deployment/team/open/c @ metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']",
    ]);
  });

  it('accepts Localhost profiles, the hardened fixture and Windows pods', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  containers:
    - name: c
      image: app:1
      securityContext:
        seccompProfile: { type: Localhost, localhostProfile: profiles/app.json }
---
apiVersion: v1
kind: Pod
metadata: { name: win, namespace: team }
spec:
  os: { name: windows }
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
`);
    expect(flagged(runOn(checks, objects))).toEqual([]);
    expect(
      flagged(
        runOn(checks, fixtureObjects('workload-admission-policy', 'good.yaml')),
      ),
    ).toEqual([]);
  });
});
