import { flaggedBy, yamlObjects } from './__testUtils__/rbacFixtures';
import { csrApprovalCheck as check } from './csr-approval';

describe('workload-rbac-least-privilege/csr-approval', () => {
  it('flags update on the approval subresource, not creating requests', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: approver }
rules:
  - apiGroups: [certificates.k8s.io]
    resources: [certificatesigningrequests/approval]
    verbs: [update]
  - apiGroups: [certificates.k8s.io]
    resources: [signers]
    verbs: [approve]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: requester }
rules:
  - { apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create, get] }
`);
    expect(flaggedBy(check, objects)).toEqual([
      'csr-approval fail medium ClusterRole/-/approver @ rules[0].resources',
    ]);
  });

  it('flags approve on signers on its own', () => {
    const objects = yamlObjects(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: signer-approver }
rules:
  - apiGroups: [certificates.k8s.io]
    resources: [signers]
    resourceNames: [example.com/my-signer]
    verbs: [approve]
`);
    expect(flaggedBy(check, objects)).toEqual([
      'csr-approval fail medium ClusterRole/-/signer-approver @ rules[0].resources',
    ]);
  });
});
