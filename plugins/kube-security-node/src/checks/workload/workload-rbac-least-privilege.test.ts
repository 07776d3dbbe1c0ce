import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { workloadRbacLeastPrivilegeChecks as checks } from './workload-rbac-least-privilege';

const ITEM = 'workload-rbac-least-privilege';

describe('workload-rbac-least-privilege', () => {
  it('flags every over-privileged role and service account of the bad fixture', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual(
      [
        'cluster-secrets-read fail ClusterRole/-/secrets-everywhere @ rules[1].resources',
        'cluster-secrets-read fail ClusterRole/-/god-mode @ rules[0].resources',
        // cluster-admin is not in the manifests: its rules are known, the path is not.
        'cluster-secrets-read fail ClusterRole/-/cluster-admin',
        'wildcard-permissions fail ClusterRole/-/god-mode @ rules[0].verbs',
        'rbac-modification fail Role/team-b/deployer @ rules[1].resources',
        'escalate-bind-impersonate fail Role/team-b/deployer @ rules[2].verbs',
        'escalate-bind-impersonate fail ClusterRole/-/impersonator @ rules[0].verbs',
        'builtin-admin-binding fail high Deployment/team-b/pipeline @ spec.template.spec.serviceAccountName',
        'builtin-admin-binding fail critical Deployment/team-c/ops-tool @ spec.template.spec.serviceAccountName',
        'default-service-account-token fail Deployment/team-b/web @ spec.template.spec.automountServiceAccountToken',
        'default-service-account-token fail Pod/team-c/debug @ spec.automountServiceAccountToken',
      ].sort(),
    );
  });

  it('reports one finding per role, naming every binding and subject', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    const secrets = run.findings.filter(
      f =>
        f.checkId === `${ITEM}/cluster-secrets-read` &&
        f.resource.name === 'secrets-everywhere',
    );
    expect(secrets).toHaveLength(1);
    expect(secrets[0].message).toBe(
      "ClusterRole 'secrets-everywhere' can read every Secret in every namespace. Granted to Group 'ops', ServiceAccount 'ci/deployer' and User 'alice@example.com' by ClusterRoleBinding 'ci-secrets' and ClusterRoleBinding 'ops-secrets'",
    );
    // The role's own labels map it to its catalog entity.
    expect(secrets[0].labels).toEqual({ 'backstage.io/kubernetes-id': 'ci' });
  });

  it('gives role findings the labels of the workloads that run with them', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    const deployer = run.findings.find(
      f => f.checkId === `${ITEM}/rbac-modification`,
    );
    expect(deployer?.labels).toEqual({
      app: 'pipeline',
      'backstage.io/kubernetes-id': 'pipeline',
    });
    expect(deployer?.message).toMatch(
      /can change rolebindings.*workloads running with it: Deployment 'team-b\/pipeline'$/,
    );
  });

  it('passes narrow roles, namespaced secret access and platform bindings', () => {
    const objects = fixtureObjects(ITEM, 'good.yaml');
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn(checks, objects, { scope });
      expect(flagged(run)).toEqual([]);
      for (const check of checks) expect(run.evidence[check.id]).toBe(true);
    }
  });

  it('has no RBAC evidence on manifests without bindings', () => {
    const objects = fixtureObjects(ITEM, 'bad.yaml').filter(
      o => !o.kind.endsWith('Binding'),
    );
    const run = runOn(checks, objects);
    expect(run.evidence[`${ITEM}/cluster-secrets-read`]).toBe(false);
    expect(run.evidence[`${ITEM}/builtin-admin-binding`]).toBe(false);
    // The default service account check needs workloads only.
    expect(run.evidence[`${ITEM}/default-service-account-token`]).toBe(true);
  });

  it('still judges bindings to everyone, and ignores platform service accounts', () => {
    const { objects } = parseManifestText(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: everyone-reads-secrets }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
  - { kind: Group, name: 'system:authenticated' }
  - { kind: ServiceAccount, name: coredns, namespace: kube-system }
  - { kind: User, name: 'eks:addon-manager' }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: platform-only }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
  - { kind: ServiceAccount, name: aws-node, namespace: kube-system }
`);
    const run = runOn(checks, objects);
    const findings = run.findings.filter(
      f => f.checkId === `${ITEM}/cluster-secrets-read`,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toBe(
      "ClusterRole 'cluster-admin' can read every Secret in every namespace. Granted to Group 'system:authenticated' by ClusterRoleBinding 'everyone-reads-secrets'",
    );
  });

  it('applies builtin roles given to every service account of a namespace', () => {
    const { objects } = parseManifestText(`
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
    const run = runOn(checks, objects);
    expect(
      flagged(run).filter(f => f.startsWith('builtin-admin-binding')),
    ).toEqual([
      'builtin-admin-binding fail high Pod/team/worker @ spec.serviceAccountName',
    ]);
  });
});
