import {
  badObjects,
  findingsOf,
  flaggedBy,
  goodObjects,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { secretsReadCheck as check } from './secrets-read';

describe('workload-rbac-least-privilege/secrets-read', () => {
  it('leaves cluster-wide grants to cluster-secrets-read', () => {
    expect(flaggedBy(check, badObjects())).toEqual([]);
  });

  it('flags a ClusterRole that reads Secrets through a RoleBinding, not one limited by name', () => {
    expect(flaggedBy(check, goodObjects())).toEqual([
      'secrets-read fail ClusterRole/-/secret-reader @ rules[0].resources',
    ]);
    expect(findingsOf(check, goodObjects())[0].message).toBe(
      "ClusterRole 'secret-reader' can read every Secret in the namespaces it is bound in (name the Secrets it needs in resourceNames instead). Granted to Group 'team-b-developers' by RoleBinding 'team-b-secret-reader'",
    );
  });

  it('judges roles alone, by reach, and passes roles that read only ConfigMaps', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: List
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: { name: secret-watcher }
    rules:
      - { apiGroups: [''], resources: [secrets], verbs: [watch] }
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: { name: secret-getter, namespace: team-a }
    rules:
      - { apiGroups: [''], resources: [configmaps, secrets], verbs: [get] }
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: { name: config-reader, namespace: team-a }
    rules:
      - { apiGroups: [''], resources: [configmaps], verbs: [get, list, watch] }
      - { apiGroups: [''], resources: [secrets], verbs: [create, update] }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'secrets-read fail low Role/team-a/secret-getter @ rules[0].resources',
      'secrets-read fail medium ClusterRole/-/secret-watcher @ rules[0].resources',
    ]);
  });

  it('judges a role bound only to platform service accounts as alone in manifests, not live', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: backup-operator }
rules:
  - { apiGroups: [''], resources: [secrets], verbs: [list] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: backup-operator }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: backup-operator }
subjects:
  - { kind: ServiceAccount, name: backup, namespace: kube-system }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'secrets-read fail medium ClusterRole/-/backup-operator @ rules[0].resources',
    ]);
    expect(findingsOf(check, objects)[0].message).toBe(
      "ClusterRole 'backup-operator' can read every Secret wherever it is bound (name the Secrets it needs in resourceNames instead). Granted only to ServiceAccount 'kube-system/backup' by ClusterRoleBinding 'backup-operator', in a platform namespace",
    );
    expect(flaggedBy(check, objects, 'cluster')).toEqual([]);
  });

  it('sees the Secrets a ClusterRole aggregates, and those aggregated into view', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: monitoring }
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: { example.com/aggregate-to-monitoring: 'true' }
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-secrets
  labels:
    example.com/aggregate-to-monitoring: 'true'
    rbac.authorization.k8s.io/aggregate-to-view: 'true'
rules:
  - { apiGroups: [''], resources: [secrets], verbs: [list] }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'secrets-read fail ClusterRole/-/monitoring-secrets @ rules[0].resources',
      // Aggregated rules have no path in the aggregating role.
      'secrets-read fail medium ClusterRole/-/monitoring',
    ]);
    const [viewed] = findingsOf(check, objects).filter(
      f => f.resource.name === 'monitoring-secrets',
    );
    expect(viewed.message).toMatch(
      /aggregated into the built-in 'view' role, so everyone who holds it gets these rights$/,
    );
  });
});
