import { runOn } from './__testUtils__/testing';
import {
  badObjects,
  findingsOf,
  flaggedBy,
  goodObjects,
  yamlObjects,
} from './__testUtils__/rbacFixtures';
import { rbacModificationCheck as check } from './rbac-modification';

describe('workload-rbac-least-privilege/rbac-modification', () => {
  it('flags roles that change RBAC objects', () => {
    expect(flaggedBy(check, badObjects())).toEqual([
      'rbac-modification fail Role/team-b/deployer @ rules[1].resources',
    ]);
  });

  it('gives role findings the labels of the workloads that run with them', () => {
    const [deployer] = findingsOf(check, badObjects());
    expect(deployer?.labels).toEqual({
      app: 'pipeline',
      'backstage.io/kubernetes-id': 'pipeline',
    });
    expect(deployer?.message).toMatch(
      /can change rolebindings.*workloads running with it: Deployment 'team-b\/pipeline'$/,
    );
    expect(deployer?.standards).toEqual(['NSA/CISA: RBAC']);
  });

  it('passes narrow roles, in both modes', () => {
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn([check], goodObjects(), { scope });
      expect(run.findings.filter(f => f.status !== 'pass')).toEqual([]);
      expect(run.evidence[check.id]).toBe(true);
    }
  });

  it('judges webhook and network policy writers alone, tagging webhooks with CIS 5.1.12', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: webhook-admin }
rules:
  - apiGroups: [admissionregistration.k8s.io]
    resources: [mutatingwebhookconfigurations]
    verbs: [get, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: netpol-editor, namespace: team-a }
rules:
  - { apiGroups: [networking.k8s.io], resources: [networkpolicies], verbs: [delete] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: webhook-reader }
rules:
  - apiGroups: [admissionregistration.k8s.io]
    resources: [validatingwebhookconfigurations]
    verbs: [get, list, watch]
`);
    expect(flaggedBy(check, objects)).toEqual([
      'rbac-modification fail low Role/team-a/netpol-editor @ rules[0].resources',
      'rbac-modification fail medium ClusterRole/-/webhook-admin @ rules[0].resources',
    ]);
    const standards = Object.fromEntries(
      findingsOf(check, objects).map(f => [f.resource.name, f.standards]),
    );
    expect(standards).toEqual({
      'webhook-admin': ['CIS 5.1.12', 'NSA/CISA: RBAC'],
      'netpol-editor': ['NSA/CISA: RBAC'],
    });
  });
});
