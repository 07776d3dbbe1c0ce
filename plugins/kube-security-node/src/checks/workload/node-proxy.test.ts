import { flaggedBy, yamlObjects } from './__testUtils__/rbacFixtures';
import { nodeProxyCheck as check } from './node-proxy';

describe('workload-rbac-least-privilege/node-proxy', () => {
  it('flags any verb on nodes/proxy, not node reads', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: kubelet-reader }
rules:
  - { apiGroups: [''], resources: [nodes, nodes/proxy], verbs: [get] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: metrics }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kubelet-reader }
subjects: [{ kind: ServiceAccount, name: scraper, namespace: team-a }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: node-viewer }
rules:
  - { apiGroups: [''], resources: [nodes, nodes/stats], verbs: [get, list] }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'node-proxy fail ClusterRole/-/kubelet-reader @ rules[0].resources',
    ]);
  });
  it('needs a verb a proxied request is authorized with, not impersonate', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: impersonator }
rules:
  - { apiGroups: ['*'], resources: ['*'], verbs: [impersonate] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: kubelet-writer }
rules:
  - { apiGroups: [''], resources: [nodes/proxy], verbs: [impersonate, patch] }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'node-proxy fail medium ClusterRole/-/kubelet-writer @ rules[0].resources',
    ]);
  });
});
