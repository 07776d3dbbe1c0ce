import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { runAsRootGroupCheck } from './run-as-root-group';

const checks = [runAsRootGroupCheck];

describe('workload-admission-policy/run-as-root-group', () => {
  it('finds the root group from the pod, the container, fsGroup and supplementalGroups', () => {
    const { objects } = parseManifestText(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: team }
spec:
  template:
    spec:
      securityContext: { runAsGroup: 0, fsGroup: 0, supplementalGroups: [1000, 0] }
      containers:
        - { name: inherits, image: app:1 }
        - name: overrides
          image: app:1
          securityContext: { runAsGroup: 2000 }
---
apiVersion: batch/v1
kind: Job
metadata: { name: once, namespace: team }
spec:
  template:
    spec:
      securityContext: { supplementalGroups: [0] }
      containers:
        - name: c
          image: app:1
          securityContext: { runAsGroup: 0 }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'run-as-root-group fail Deployment/team/web @ spec.template.spec.securityContext.fsGroup',
      'run-as-root-group fail Deployment/team/web/inherits @ spec.template.spec.securityContext.runAsGroup',
      'run-as-root-group fail Job/team/once @ spec.template.spec.securityContext.supplementalGroups[0]',
      'run-as-root-group fail Job/team/once/c @ spec.template.spec.containers[0].securityContext.runAsGroup',
    ]);
    expect(
      run.findings.find(f => f.resource.name === 'web' && !f.resource.container)
        ?.message,
    ).toBe(
      "Deployment 'web' gives its containers the root group (fsGroup: 0, supplementalGroups contains 0): its volumes and processes are shared with group root",
    );
  });

  it('passes non-root groups and the hardened fixture', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  securityContext: { runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000] }
  containers: [{ name: c, image: app:1 }]
`);
    expect(flagged(runOn(checks, objects))).toEqual([]);
    expect(
      flagged(
        runOn(checks, fixtureObjects('workload-admission-policy', 'good.yaml')),
      ),
    ).toEqual([]);
  });
});
