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
});
