import { flaggedBy, yamlObjects } from './__testUtils__/rbacFixtures';
import { podExecAttachCheck as check } from './pod-exec-attach';

describe('workload-rbac-least-privilege/pod-exec-attach', () => {
  it('flags exec, attach and port-forward, and passes logs', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: debugger, namespace: team-a }
rules:
  - { apiGroups: [''], resources: [pods/exec, pods/attach], verbs: [create] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: forwarders }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: forwarder }
subjects: [{ kind: Group, name: developers }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: forwarder }
rules:
  - { apiGroups: [''], resources: ['*/portforward'], verbs: [get] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: log-reader, namespace: team-a }
rules:
  - { apiGroups: [''], resources: [pods, pods/log], verbs: [get, list] }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'pod-exec-attach fail ClusterRole/-/forwarder @ rules[0].resources',
      'pod-exec-attach fail low Role/team-a/debugger @ rules[0].resources',
    ]);
  });

  it('passes pods/*, which Kubernetes matches to no real subresource', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-helper, namespace: team-a }
rules:
  - { apiGroups: [''], resources: ['pods/*'], verbs: [get, create] }
`);
    expect(flaggedBy(check, objects)).toEqual([]);
  });
});
