import { runOn } from './__testUtils__/testing';
import {
  badObjects,
  flaggedBy,
  goodObjects,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { escalateBindImpersonateCheck as check } from './escalate-bind-impersonate';

describe('workload-rbac-least-privilege/escalate-bind-impersonate', () => {
  it('flags bound roles with escalate, bind or impersonate', () => {
    expect(flaggedBy(check, badObjects())).toEqual([
      'escalate-bind-impersonate fail ClusterRole/-/impersonator @ rules[0].verbs',
      'escalate-bind-impersonate fail Role/team-b/deployer @ rules[2].verbs',
    ]);
  });

  it('passes narrow roles, in both modes', () => {
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn([check], goodObjects(), { scope });
      expect(run.findings.filter(f => f.status !== 'pass')).toEqual([]);
      expect(run.evidence[check.id]).toBe(true);
    }
  });

  it('judges roles alone, and binding rights on rolebindings', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: escalator }
rules:
  - { apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: binder, namespace: team-a }
rules:
  - { apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [bind] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: team-a }
rules:
  - { apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [get, list] }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'escalate-bind-impersonate fail low Role/team-a/binder @ rules[0].verbs',
      'escalate-bind-impersonate fail medium ClusterRole/-/escalator @ rules[0].verbs',
    ]);
  });

  it('counts impersonate only where identities live (core or authentication.k8s.io)', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: odd-group, namespace: team-a }
rules:
  - { apiGroups: [example.com], resources: [groups, users], verbs: [impersonate] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: extras, namespace: team-a }
rules:
  - { apiGroups: [authentication.k8s.io], resources: [userextras/scopes], verbs: [impersonate] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: any-group, namespace: team-a }
rules:
  - { apiGroups: ['*'], resources: [serviceaccounts], verbs: [impersonate] }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'escalate-bind-impersonate fail low Role/team-a/any-group @ rules[0].verbs',
      'escalate-bind-impersonate fail low Role/team-a/extras @ rules[0].verbs',
    ]);
  });
  it('counts escalate and bind only on the RBAC group', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: custom-roles }
rules:
  - { apiGroups: [iam.example.com], resources: [roles], verbs: [bind, escalate] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: every-group, namespace: team-a }
rules:
  - { apiGroups: ['*'], resources: [roles], verbs: [escalate] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: core-and-rbac }
rules:
  - { apiGroups: ['', rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind] }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'escalate-bind-impersonate fail low Role/team-a/every-group @ rules[0].verbs',
      'escalate-bind-impersonate fail medium ClusterRole/-/core-and-rbac @ rules[0].verbs',
    ]);
  });
});
