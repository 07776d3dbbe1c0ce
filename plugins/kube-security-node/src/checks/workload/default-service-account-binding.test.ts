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
});
