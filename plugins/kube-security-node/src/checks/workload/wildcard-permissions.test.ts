import { runOn } from './__testUtils__/testing';
import {
  badObjects,
  findingsOf,
  flaggedBy,
  goodObjects,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { wildcardPermissionsCheck as check } from './wildcard-permissions';

const ROLES = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: anything-goes }
rules:
  - { apiGroups: ['*'], resources: ['*'], verbs: ['*'] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: app-config, namespace: team-a }
rules:
  - { apiGroups: [''], resources: [configmaps], verbs: ['*'] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: any-group, namespace: team-a }
rules:
  - { apiGroups: [''], resources: [pods], verbs: [get] }
  - { apiGroups: ['*'], resources: [deployments], verbs: [get, list] }
`;

describe('workload-rbac-least-privilege/wildcard-permissions', () => {
  it('flags bound roles with wildcards', () => {
    expect(flaggedBy(check, badObjects())).toEqual([
      'wildcard-permissions fail ClusterRole/-/god-mode @ rules[0].verbs',
    ]);
  });

  it('passes narrow roles and platform roles, in both modes', () => {
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn([check], goodObjects(), { scope });
      expect(run.findings.filter(f => f.status !== 'pass')).toEqual([]);
      expect(run.evidence[check.id]).toBe(true);
    }
  });

  it('judges roles that arrive without a binding, lower than bound ones', () => {
    expect(flaggedBy(check, yamlObjects(ROLES))).toEqual([
      'wildcard-permissions fail low Role/team-a/any-group @ rules[1].apiGroups',
      'wildcard-permissions fail low Role/team-a/app-config @ rules[0].verbs',
      'wildcard-permissions fail medium ClusterRole/-/anything-goes @ rules[0].verbs',
    ]);
    const [alone] = findingsOf(check, yamlObjects(ROLES)).filter(
      f => f.resource.name === 'anything-goes',
    );
    expect(alone.message).toBe(
      "ClusterRole 'anything-goes' allows every action on every resource (a '*' that also covers resources added later). No binding in this scan grants it; a ClusterRoleBinding would grant it in every namespace",
    );
  });

  it('carries every control a cluster-admin-like rule breaks, and only 5.1.3 otherwise', () => {
    const byName = Object.fromEntries(
      findingsOf(check, yamlObjects(ROLES)).map(f => [
        f.resource.name,
        f.standards,
      ]),
    );
    expect(byName['anything-goes']).toEqual([
      'CIS 5.1.3',
      'CIS 5.1.2',
      'CIS 5.1.4',
      'CIS 5.1.8',
      'CIS 5.1.9',
      'CIS 5.1.10',
      'CIS 5.1.11',
      'CIS 5.1.12',
      'CIS 5.1.13',
      'NSA/CISA: RBAC',
    ]);
    expect(byName['app-config']).toEqual(['CIS 5.1.3', 'NSA/CISA: RBAC']);
  });

  it('raises roles granted to everyone, and leaves shipped roles alone on a live cluster', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: open, namespace: team-a }
rules:
  - { apiGroups: [''], resources: [configmaps], verbs: ['*'] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: open, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: open }
subjects:
  - { kind: Group, name: 'system:unauthenticated' }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: 'system:aggregate-to-admin-like' }
rules:
  - { apiGroups: ['*'], resources: ['*'], verbs: ['*'] }
`);
    expect(flaggedBy(check, objects, 'cluster')).toEqual([
      'wildcard-permissions fail critical Role/team-a/open @ rules[0].verbs',
    ]);
    // In a manifest, a role is judged whatever its name.
    expect(flaggedBy(check, objects, 'manifests')).toContain(
      'wildcard-permissions fail medium ClusterRole/-/system:aggregate-to-admin-like @ rules[0].verbs',
    );
  });
  it('carries 5.1.8 for a verbs wildcard on one extra user attribute, not 5.1.10 for impersonate', () => {
    const byName = Object.fromEntries(
      findingsOf(
        check,
        yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: scopes }
rules:
  - { apiGroups: [authentication.k8s.io], resources: [userextras/scopes], verbs: ['*'] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: impersonate-anything }
rules:
  - { apiGroups: ['*'], resources: ['*'], verbs: [impersonate] }
`),
      ).map(f => [f.resource.name, f.standards]),
    );
    expect(byName.scopes).toEqual(['CIS 5.1.3', 'CIS 5.1.8', 'NSA/CISA: RBAC']);
    expect(byName['impersonate-anything']).toEqual([
      'CIS 5.1.3',
      'CIS 5.1.8',
      'NSA/CISA: RBAC',
    ]);
  });
});
