import {
  flaggedBy,
  findingsOf,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { podCreationCheck as check } from './pod-creation';

describe('workload-rbac-least-privilege/pod-creation', () => {
  const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: deployer, namespace: team-a }
rules:
  - { apiGroups: [apps], resources: [deployments, statefulsets], verbs: [get, create] }
  - { apiGroups: [batch], resources: ['*'], verbs: [create] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: deployer, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer }
subjects: [{ kind: User, name: ci@example.com }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: pod-maker }
rules:
  - { apiGroups: [''], resources: [pods], verbs: ['*'] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: pod-viewer }
rules:
  - { apiGroups: [''], resources: [pods, pods/log], verbs: [get, list, watch] }
  - { apiGroups: [''], resources: [pods], resourceNames: [one], verbs: [create] }
`);

  it('flags create on pods and pod-creating workloads, bound above alone', () => {
    expect(flaggedBy(check, objects)).toEqual([
      'pod-creation fail Role/team-a/deployer @ rules[0].resources',
      'pod-creation fail low ClusterRole/-/pod-maker @ rules[0].resources',
    ]);
    const deployer = findingsOf(check, objects).find(
      f => f.resource.name === 'deployer',
    );
    expect(deployer?.message).toBe(
      "Role 'deployer' can create deployments, statefulsets, jobs and cronjobs, and a new pod can run as any service account and mount any Secret of its namespace. Granted to User 'ci@example.com' by RoleBinding 'deployer'",
    );
  });

  it('counts changing a workload or adding ephemeral containers as creating pods', () => {
    const changers = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: rollout, namespace: team-a }
rules:
  - { apiGroups: [apps], resources: [daemonsets], verbs: [patch] }
  - { apiGroups: [batch], resources: [cronjobs], verbs: [update] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: debugger, namespace: team-a }
rules:
  - { apiGroups: [''], resources: [pods/ephemeralcontainers], verbs: [update] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: scaler, namespace: team-a }
rules:
  - { apiGroups: [apps], resources: [deployments/scale], verbs: [update, patch] }
  - { apiGroups: [apps], resources: [deployments], verbs: [get, list, watch, delete] }
`);
    expect(flaggedBy(check, changers)).toEqual([
      'pod-creation fail low Role/team-a/debugger @ rules[0].resources',
      'pod-creation fail low Role/team-a/rollout @ rules[0].resources',
    ]);
    expect(
      findingsOf(check, changers).find(f => f.resource.name === 'rollout')
        ?.message,
    ).toBe(
      "Role 'rollout' can update or patch daemonsets and cronjobs, and a new pod can run as any service account and mount any Secret of its namespace. No binding in this scan grants it; a RoleBinding would grant it in namespace 'team-a'",
    );
  });
});
