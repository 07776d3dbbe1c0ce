import {
  badObjects,
  findingsOf,
  flaggedBy,
  goodObjects,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { clusterAdminBindingCheck as check } from './cluster-admin-binding';

describe('workload-rbac-least-privilege/cluster-admin-binding', () => {
  it('flags cluster-admin and roles as strong bound to team subjects', () => {
    expect(flaggedBy(check, badObjects())).toEqual([
      'cluster-admin-binding fail ClusterRoleBinding/-/ops-tool-cluster-admin @ roleRef.name',
      'cluster-admin-binding fail ClusterRoleBinding/-/platform-devs-god-mode @ roleRef.name',
    ]);
    const godMode = findingsOf(check, badObjects()).find(
      f => f.resource.name === 'platform-devs-god-mode',
    );
    expect(godMode?.message).toBe(
      "ClusterRoleBinding 'platform-devs-god-mode' grants ClusterRole 'god-mode' (every action on every resource, as cluster-admin) to Group 'platform-devs': full control of every resource in every namespace. Bind a role with only the rights needed, and keep cluster-admin to a few break-glass administrators",
    );
  });

  it('passes the bindings Kubernetes ships, in both modes', () => {
    expect(flaggedBy(check, goodObjects())).toEqual([]);
    expect(flaggedBy(check, goodObjects(), 'cluster')).toEqual([]);
  });

  it('judges service accounts of kube-system too', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: tiller }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
  - { kind: ServiceAccount, name: tiller, namespace: kube-system }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'cluster-admin-binding fail ClusterRoleBinding/-/tiller @ roleRef.name',
    ]);
  });

  it('reads a service account named as a user', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ci-as-user }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
  - { kind: User, name: 'system:serviceaccount:ci:deployer' }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: platform-as-user }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
  - { kind: User, name: 'system:serviceaccount:kube-system:addon' }
`);
    expect(findingsOf(check, objects).map(f => f.message)).toEqual([
      "ClusterRoleBinding 'ci-as-user' grants cluster-admin to ServiceAccount 'ci/deployer': full control of every resource in every namespace. Bind a role with only the rights needed, and keep cluster-admin to a few break-glass administrators",
      "ClusterRoleBinding 'platform-as-user' grants cluster-admin to ServiceAccount 'kube-system/addon': full control of every resource in every namespace. Bind a role with only the rights needed, and keep cluster-admin to a few break-glass administrators",
    ]);
  });

  it('flags users and namespace-wide grants, lower in a namespace', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: alice-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: alice@example.com, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team-admin, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: Group, name: team-a-devs }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: everything, namespace: team-b }
rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: everything, namespace: team-b }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: everything }
subjects: [{ kind: ServiceAccount, name: app }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: basic-users }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'system:basic-user' }
subjects: [{ kind: Group, name: 'system:authenticated' }]
`);
    expect(flaggedBy(check, objects)).toEqual([
      'cluster-admin-binding fail ClusterRoleBinding/-/alice-admin @ roleRef.name',
      'cluster-admin-binding fail high RoleBinding/team-a/team-admin @ roleRef.name',
      'cluster-admin-binding fail high RoleBinding/team-b/everything @ roleRef.name',
    ]);
  });
});
