import { parseManifestText } from '../../snapshot/parse';
import { flagged, runOn } from './__testUtils__/testing';
import { seLinuxOptionsCheck } from './selinux-options';

const checks = [seLinuxOptionsCheck];

describe('workload-admission-policy/selinux-options', () => {
  it('finds custom types, users and roles', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  securityContext: { seLinuxOptions: { type: spc_t } }
  containers:
    - { name: inherits, image: app:1 }
    - name: user
      image: app:1
      securityContext: { seLinuxOptions: { user: system_u, level: "s0:c123,c456" } }
    - name: allowed
      image: app:1
      securityContext: { seLinuxOptions: { type: container_init_t, level: "s0:c1,c2" } }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'selinux-options fail Pod/team/p/inherits @ spec.securityContext.seLinuxOptions.type',
      'selinux-options fail Pod/team/p/user @ spec.containers[1].securityContext.seLinuxOptions.user',
    ]);
    expect(run.findings[0].message).toMatch(
      /SELinux type spc_t \(from its pod\)/,
    );
  });
});
