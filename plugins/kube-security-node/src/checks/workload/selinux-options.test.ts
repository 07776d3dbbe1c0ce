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
    // The pod's custom type is refused whatever the containers set (Pod Security Admission
    // judges the pod's options and each container's on their own).
    expect(flagged(run)).toEqual([
      'selinux-options fail Pod/team/p/allowed @ spec.securityContext.seLinuxOptions.type',
      'selinux-options fail Pod/team/p/inherits @ spec.securityContext.seLinuxOptions.type',
      'selinux-options fail Pod/team/p/user @ spec.containers[1].securityContext.seLinuxOptions.user',
    ]);
    expect(
      run.findings.find(f => f.resource.container === 'inherits')?.message,
    ).toMatch(/SELinux type spc_t \(on its pod\)/);
  });

  it('judges pod-level users and roles, and passes the container types', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  securityContext: { seLinuxOptions: { role: object_r } }
  containers:
    - name: app
      image: app:1
      securityContext: { seLinuxOptions: {} }
---
apiVersion: v1
kind: Pod
metadata: { name: fine, namespace: team }
spec:
  securityContext: { seLinuxOptions: { type: container_t, level: "s0:c1,c2" } }
  containers:
    - { name: app, image: app:1 }
`);
    expect(flagged(runOn(checks, objects))).toEqual([
      'selinux-options fail Pod/team/p/app @ spec.securityContext.seLinuxOptions.role',
    ]);
  });
});
