import { runOn } from './__testUtils__/testing';
import {
  badObjects,
  flaggedBy,
  goodObjects,
  RBAC_ITEM as ITEM,
  findingsOf,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { builtinAdminBindingCheck as check } from './builtin-admin-binding';

describe('workload-rbac-least-privilege/builtin-admin-binding', () => {
  it('flags workloads whose service account holds a built-in admin role', () => {
    expect(flaggedBy(check, badObjects())).toEqual([
      'builtin-admin-binding fail critical Deployment/team-c/ops-tool @ spec.template.spec.serviceAccountName',
      'builtin-admin-binding fail high Deployment/team-b/pipeline @ spec.template.spec.serviceAccountName',
    ]);
    const standards = Object.fromEntries(
      findingsOf(check, badObjects()).map(f => [f.resource.name, f.standards]),
    );
    expect(standards).toEqual({
      'ops-tool': ['CIS 5.1.1', 'NSA/CISA: RBAC'],
      pipeline: ['NSA/CISA: RBAC'],
    });
  });

  it('passes dedicated service accounts, in both modes', () => {
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn([check], goodObjects(), { scope });
      expect(run.findings.filter(f => f.status !== 'pass')).toEqual([]);
      expect(run.evidence[check.id]).toBe(true);
    }
  });

  it('has no RBAC evidence on manifests without bindings', () => {
    const objects = badObjects().filter(o => !o.kind.endsWith('Binding'));
    expect(
      runOn([check], objects).evidence[`${ITEM}/builtin-admin-binding`],
    ).toBe(false);
  });

  it('applies builtin roles given to every service account of a namespace', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: all-sa-edit, namespace: team }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects:
  - { kind: Group, name: 'system:serviceaccounts:team' }
---
apiVersion: v1
kind: Pod
metadata: { name: worker, namespace: team }
spec:
  serviceAccountName: worker
  containers: [{ name: c, image: registry.example.com/c:1 }]
---
apiVersion: v1
kind: Pod
metadata: { name: other, namespace: elsewhere }
spec:
  serviceAccountName: worker
  containers: [{ name: c, image: registry.example.com/c:1 }]
`);
    expect(flaggedBy(check, objects)).toEqual([
      'builtin-admin-binding fail high Pod/team/worker @ spec.serviceAccountName',
    ]);
  });
});
