import { clusterAdminsCheck } from './cluster-admins';
import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  manifests,
  runCheck,
  runOnCloud,
  snapshotWith,
} from './__testUtils__/harness';

const AWS_AUTH = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::444455556666:role/checkout-prod-node-role
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
    - rolearn: arn:aws:iam::444455556666:role/legacy-admins
      username: legacy-admin
      groups: [system:masters]
  mapUsers: |
    - userarn: arn:aws:iam::444455556666:user/jo
      username: jo
      groups:
        - system:masters
`;

describe('cloud-iam-least-privilege/cluster-admins', () => {
  it('flags EKS admin users and more than three admin principals', () => {
    const outcome = runOnCloud(clusterAdminsCheck, loadDescriptor('eks-bad'));
    expect(outcome.lines).toEqual([
      'fail IAMUser/alice @ accessEntries[1].principalArn',
      'fail Cluster/payments-prod @ accessEntries',
    ]);
    expect(outcome.findings[0].message).toBe(
      'EKS cluster admin rights are granted directly to the user alice (via an access entry with AmazonEKSClusterAdminPolicy); grant them to a role or group that is assumed on demand.',
    );
    expect(outcome.findings[1].message).toContain(
      '5 principals have full control of the EKS cluster',
    );
  });

  it('ignores namespace-scoped and non-admin access policies', () => {
    const scoped = editDescriptor('eks-bad', d => {
      d.accessEntries[1].accessPolicies[0].accessScope = {
        type: 'namespace',
        namespaces: ['a'],
      };
      d.accessEntries[3].accessPolicies[0].policyArn =
        'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';
    });
    expect(runOnCloud(clusterAdminsCheck, scoped).lines).toEqual([]);
  });

  it('reads system:masters from the aws-auth ConfigMap unless the cluster uses access entries only', () => {
    const configMapMode = editDescriptor('eks-good', d => {
      d.cluster.accessConfig.authenticationMode = 'API_AND_CONFIG_MAP';
    });
    const objects = manifests(AWS_AUTH);
    const outcome = runCheck(
      clusterAdminsCheck,
      snapshotWith({ cloud: configMapMode, objects }),
    );
    expect(outcome.lines).toEqual([
      'fail IAMUser/jo @ data.mapUsers',
      'fail Cluster/checkout-prod @ accessEntries',
    ]);
    expect(outcome.findings[0].message).toContain(
      'via system:masters in the kube-system/aws-auth ConfigMap',
    );
    const apiOnly = runCheck(
      clusterAdminsCheck,
      snapshotWith({ cloud: loadDescriptor('eks-good'), objects }),
    );
    expect(apiOnly.findings).toEqual([]);
  });

  it('warns about the creator admin grant when access entries are unknown', () => {
    const noEntries = editDescriptor('eks-bad', d => {
      delete d.accessEntries;
    });
    expect(runOnCloud(clusterAdminsCheck, noEntries).evidence).toBe(false);
    const outcome = runCheck(
      clusterAdminsCheck,
      snapshotWith({ cloud: noEntries, objects: manifests(AWS_AUTH) }),
    );
    expect(outcome.lines).toEqual([
      'fail IAMUser/jo @ data.mapUsers',
      'warn Cluster/payments-prod @ cluster.accessConfig.bootstrapClusterCreatorAdminPermissions',
    ]);
  });

  it('flags GKE admin users and too many admin principals', () => {
    const outcome = runOnCloud(clusterAdminsCheck, loadDescriptor('gke-bad'));
    expect(outcome.lines).toEqual([
      'fail IAMUser/dana@acme.example @ account.iamPolicy.bindings[0].members[0]',
      'fail IAMUser/lee@acme.example @ account.iamPolicy.bindings[0].members[1]',
      'fail IAMUser/sam@acme.example @ account.iamPolicy.bindings[1].members[0]',
      'fail Cluster/shop-prod @ account.iamPolicy.bindings',
    ]);
    expect(outcome.findings[3].message).toContain(
      '5 principals have full control of the GKE cluster',
    );
  });

  it('flags AKS admin users and warns about local accounts', () => {
    const outcome = runOnCloud(clusterAdminsCheck, loadDescriptor('aks-bad'));
    expect(outcome.lines).toEqual([
      'fail IAMUser/maria@contoso.example @ account.roleAssignments[0].principalType',
      'fail IAMUser/tom@contoso.example @ account.roleAssignments[1].principalType',
      'warn Cluster/orders-aks @ cluster.disableLocalAccounts',
    ]);
    expect(outcome.findings[2].message).toContain(
      'az aks get-credentials --admin',
    );
  });

  it('counts Entra admin groups of the cluster as admin principals', () => {
    const many = editDescriptor('aks-good', d => {
      d.cluster.aadProfile.adminGroupObjectIDs.push('g2', 'g3', 'g4');
    });
    expect(runOnCloud(clusterAdminsCheck, many).lines).toEqual([
      'fail Cluster/billing-aks @ account.roleAssignments',
    ]);
  });

  it('passes few, group-based admins', () => {
    for (const name of ['eks-good', 'gke-good', 'aks-good'] as const) {
      expect(
        runOnCloud(clusterAdminsCheck, loadDescriptor(name)),
      ).toMatchObject({ evidence: true, findings: [] });
    }
  });

  it('has no evidence without access facts', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(clusterAdminsCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
