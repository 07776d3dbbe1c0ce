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

  it('reads full read and write on everything as cluster-admin, not every verb on the core group alone', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: all-spelled-out }
rules:
  - apiGroups: ['*']
    resources: ['*']
    verbs: [patch, delete, list, create, get, watch, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ops-spelled-out }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: all-spelled-out }
subjects: [{ kind: User, name: ops@example.com }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: core-everything, namespace: team-c }
rules: [{ apiGroups: [''], resources: ['*'], verbs: ['*'] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: core-everything, namespace: team-c }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: core-everything }
subjects: [{ kind: User, name: carol@example.com }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: read-write-no-delete }
rules:
  - apiGroups: ['*']
    resources: ['*']
    verbs: [get, list, watch, create, update, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ops-no-delete }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: read-write-no-delete }
subjects: [{ kind: User, name: ops@example.com }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: core-reader, namespace: team-c }
rules: [{ apiGroups: [''], resources: ['*'], verbs: [get, list, watch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: core-reader, namespace: team-c }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: core-reader }
subjects: [{ kind: User, name: carol@example.com }]
`);
    expect(flaggedBy(check, objects)).toEqual([
      'cluster-admin-binding fail ClusterRoleBinding/-/ops-spelled-out @ roleRef.name',
    ]);
  });

  it('reports a grant to everyone of a role not in the scan, or of one reaching more than named objects', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: open-door, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: somewhere-else }
subjects:
  - { kind: User, name: 'system:anonymous' }
  - { kind: User, name: 'system:unauthenticated' }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: everyone-edits }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: Group, name: 'system:authenticated' }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: 'system:discovery' }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'system:discovery' }
subjects: [{ kind: Group, name: 'system:authenticated', apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: 'system:public-info-viewer' }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'system:public-info-viewer' }
subjects:
  - { kind: Group, name: 'system:authenticated' }
  - { kind: Group, name: 'system:unauthenticated' }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: anonymous-discovery }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'system:discovery' }
subjects: [{ kind: Group, name: 'system:unauthenticated' }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: config-reader }
rules: [{ apiGroups: [''], resources: [configmaps], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: everyone-reads-config }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: config-reader }
subjects: [{ kind: Group, name: 'system:authenticated' }]
`);
    const findings = findingsOf(check, objects)
      .filter(f => f.status !== 'pass')
      .sort((a, b) => (a.resource.name < b.resource.name ? -1 : 1));
    expect(
      findings.map(f => [f.resource.name, f.status, f.severity, f.standards]),
    ).toEqual([
      ['anonymous-discovery', 'warn', 'medium', ['NSA/CISA: RBAC']],
      ['everyone-edits', 'fail', 'high', ['NSA/CISA: RBAC']],
      ['everyone-reads-config', 'warn', 'medium', ['NSA/CISA: RBAC']],
      ['open-door', 'warn', 'medium', ['NSA/CISA: RBAC']],
    ]);
    expect(
      findings.find(f => f.resource.name === 'everyone-reads-config')?.message,
    ).toBe(
      "ClusterRoleBinding 'everyone-reads-config' grants ClusterRole 'config-reader' to Group 'system:authenticated' (every signed-in user and service account): everyone can get configmaps in every namespace. Grant it to named users, groups or service accounts instead",
    );
    expect(findings.find(f => f.resource.name === 'open-door')?.message).toBe(
      "RoleBinding 'open-door' grants Role 'somewhere-else' to User 'system:anonymous' and User 'system:unauthenticated' (every request without credentials): the role is not in this scan, so what it allows everyone cannot be judged here. Grant it to named users, groups or service accounts instead",
    );
  });

  it('passes a grant to everyone of a role of the scan narrowed to named objects and URLs', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: banner-and-health }
rules:
  - { apiGroups: [''], resources: [configmaps], resourceNames: [login-banner], verbs: [get] }
  - { nonResourceURLs: [/healthz, /readyz], verbs: [get] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: everyone-banner }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: banner-and-health }
subjects: [{ kind: Group, name: 'system:authenticated' }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: 'system:team-browser' }
rules:
  - { nonResourceURLs: ['/metrics/*'], verbs: [get] }
  - { apiGroups: [apps], resources: [deployments], verbs: [list] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: everyone-browses }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'system:team-browser' }
subjects: [{ kind: Group, name: 'system:authenticated' }]
`);
    const findings = findingsOf(check, objects).filter(
      f => f.status !== 'pass',
    );
    expect(findings.map(f => f.message)).toEqual([
      "ClusterRoleBinding 'everyone-browses' grants ClusterRole 'system:team-browser' to Group 'system:authenticated' (every signed-in user and service account): everyone can get /metrics/* (and 1 more rule) in every namespace. Grant it to named users, groups or service accounts instead",
    ]);
  });
});
