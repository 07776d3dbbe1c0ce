import { runOn } from './__testUtils__/testing';
import {
  badObjects,
  findingsOf,
  flaggedBy,
  goodObjects,
  RBAC_ITEM as ITEM,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { clusterSecretsReadCheck as check } from './cluster-secrets-read';

describe('workload-rbac-least-privilege/cluster-secrets-read', () => {
  it('flags ClusterRoles that read every Secret, granted cluster-wide', () => {
    expect(flaggedBy(check, badObjects())).toEqual([
      // cluster-admin is not in the manifests: its rules are known, the path is not.
      'cluster-secrets-read fail ClusterRole/-/cluster-admin',
      'cluster-secrets-read fail ClusterRole/-/god-mode @ rules[0].resources',
      'cluster-secrets-read fail ClusterRole/-/secrets-everywhere @ rules[1].resources',
    ]);
  });

  it('reports one finding per role, naming every binding and subject', () => {
    const secrets = findingsOf(check, badObjects()).filter(
      f => f.resource.name === 'secrets-everywhere',
    );
    expect(secrets).toHaveLength(1);
    expect(secrets[0].message).toBe(
      "ClusterRole 'secrets-everywhere' can read every Secret in every namespace. Granted to Group 'ops', ServiceAccount 'ci/deployer' and User 'alice@example.com' by ClusterRoleBinding 'ci-secrets' and ClusterRoleBinding 'ops-secrets'",
    );
    // The role's own labels map it to its catalog entity.
    expect(secrets[0].labels).toEqual({ 'backstage.io/kubernetes-id': 'ci' });
  });

  it('passes namespaced secret access and platform bindings, in both modes', () => {
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn([check], goodObjects(), { scope });
      expect(run.findings.filter(f => f.status !== 'pass')).toEqual([]);
      expect(run.evidence[check.id]).toBe(true);
    }
  });

  it('has no RBAC evidence on manifests without bindings', () => {
    const objects = badObjects().filter(o => !o.kind.endsWith('Binding'));
    expect(
      runOn([check], objects).evidence[`${ITEM}/cluster-secrets-read`],
    ).toBe(false);
  });

  it('still judges bindings to everyone, and ignores platform service accounts', () => {
    const objects = yamlObjects(`
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
    const findings = findingsOf(check, objects);
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toBe(
      "ClusterRole 'cluster-admin' can read every Secret in every namespace. Granted to Group 'system:authenticated' by ClusterRoleBinding 'everyone-reads-secrets'",
    );
    // Granted to everyone: already critical, and it stays so.
    expect(findings[0].severity).toBeUndefined();
  });
});
