import { parseManifestText } from '../../snapshot/parse';
import { flagged, runOn } from './__testUtils__/testing';
import { procMountCheck } from './proc-mount';

const checks = [procMountCheck];

describe('workload-admission-policy/proc-mount', () => {
  it('finds an unmasked /proc and passes Default', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  hostUsers: false
  containers:
    - name: unmasked
      image: app:1
      securityContext: { procMount: Unmasked }
    - name: default
      image: app:1
      securityContext: { procMount: Default }
    - { name: unset, image: app:1 }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'proc-mount fail Pod/team/p/unmasked @ spec.containers[0].securityContext.procMount',
    ]);
    expect(run.findings[0].message).toMatch(/procMount: Unmasked/);
  });

  it('answers only the restricted level when the pod has its own user namespace', () => {
    const { objects } = parseManifestText(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: builds, namespace: ci }
spec:
  selector: { matchLabels: { app: builds } }
  template:
    metadata: { labels: { app: builds } }
    spec:
      hostUsers: false
      initContainers:
        - name: prepare
          image: prep:1
          securityContext: { procMount: Unmasked }
      containers:
        - { name: build, image: build:1 }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'proc-mount fail Deployment/ci/builds/prepare @ spec.template.spec.initContainers[0].securityContext.procMount',
    ]);
    expect(run.findings[0].standards).toEqual([
      'PSS restricted: /proc Mount Type',
    ]);
    expect(run.findings[0].message).toMatch(/hostUsers: false/);
  });

  it('answers both levels when the pod shares the node user namespace', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: tracer, namespace: ops }
spec:
  hostUsers: true
  containers:
    - name: tracer
      image: tracer:1
      securityContext: { procMount: Unmasked }
---
apiVersion: v1
kind: Pod
metadata: { name: probe, namespace: ops }
spec:
  containers:
    - name: probe
      image: probe:1
  ephemeralContainers:
    - name: debug
      image: toolbox:1
      securityContext: { procMount: Unmasked }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'proc-mount fail Pod/ops/probe/debug @ spec.ephemeralContainers[0].securityContext.procMount',
      'proc-mount fail Pod/ops/tracer/tracer @ spec.containers[0].securityContext.procMount',
    ]);
    const open = run.findings.filter(f => f.status !== 'pass');
    expect(open).toHaveLength(2);
    for (const finding of open) {
      expect(finding.standards).toEqual([
        'PSS baseline: /proc Mount Type',
        'PSS restricted: /proc Mount Type',
      ]);
    }
  });
});
