import {
  findingsOf,
  flaggedBy,
  goodObjects,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { defaultServiceAccountBindingCheck as check } from './default-service-account-binding';

describe('workload-rbac-least-privilege/default-service-account-binding', () => {
  it('passes bindings to dedicated service accounts', () => {
    expect(flaggedBy(check, goodObjects())).toEqual([]);
  });

  it("flags bindings to a namespace's default account, higher cluster-wide", () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: default-reader, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ kind: ServiceAccount, name: default }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: default-view }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects:
  - { kind: ServiceAccount, name: api, namespace: team-b }
  - { kind: ServiceAccount, name: default, namespace: team-b }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: platform, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ kind: ServiceAccount, name: default, namespace: kube-system }]
`);
    expect(flaggedBy(check, objects)).toEqual(
      [
        'default-service-account-binding fail RoleBinding/team-a/default-reader @ subjects[0]',
        'default-service-account-binding fail high ClusterRoleBinding/-/default-view @ subjects[1]',
      ].sort(),
    );
  });

  it('still reports a default-account binding labelled as a Kubernetes default, saying so', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: looks-shipped
  namespace: team-a
  labels: { kubernetes.io/bootstrapping: rbac-defaults }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ kind: ServiceAccount, name: default }]
`);
    expect(flaggedBy(check, objects)).toEqual([
      'default-service-account-binding fail RoleBinding/team-a/looks-shipped @ subjects[0]',
    ]);
    expect(findingsOf(check, objects)[0].message).toContain(
      "its label 'kubernetes.io/bootstrapping: rbac-defaults' does not make it one of the bindings Kubernetes ships",
    );
  });
  it('flags the groups and user names that reach a default account, not platform roles', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: shop-accounts, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: Group, name: 'system:serviceaccounts:shop' }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: all-accounts-view }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects:
  - { kind: User, name: alice }
  - { kind: Group, name: 'system:serviceaccounts' }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: as-user, namespace: billing }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects:
  - { kind: User, name: 'system:serviceaccount:billing:exporter' }
  - { kind: User, name: 'system:serviceaccount:billing:default' }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: 'system:service-account-issuer-discovery' }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'system:service-account-issuer-discovery' }
subjects: [{ kind: Group, name: 'system:serviceaccounts' }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: platform-accounts, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ kind: Group, name: 'system:serviceaccounts:kube-system' }]
`);
    expect(flaggedBy(check, objects)).toEqual(
      [
        'default-service-account-binding fail RoleBinding/shop/shop-accounts @ subjects[0]',
        'default-service-account-binding fail high ClusterRoleBinding/-/all-accounts-view @ subjects[1]',
        'default-service-account-binding fail RoleBinding/billing/as-user @ subjects[1]',
      ].sort(),
    );
    const messages = findingsOf(check, objects).map(f => f.message);
    expect(messages).toContainEqual(
      expect.stringContaining(
        "to the 'default' service account of every namespace (through the group of all service accounts)",
      ),
    );
    expect(messages).toContainEqual(
      expect.stringContaining(
        "grants ClusterRole 'edit' to the 'default' service account of namespace 'shop'",
      ),
    );
  });
});
