import { policiesOnUsersCheck } from './policies-on-users';
import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from './__testUtils__/harness';

describe('cloud-iam-least-privilege/policies-on-users', () => {
  it('flags IAM users with attached or inline policies', () => {
    const outcome = runOnCloud(policiesOnUsersCheck, loadDescriptor('eks-bad'));
    expect(outcome.lines).toEqual([
      'fail IAMUser/ci-deployer @ account.iamUsers[1].attachedPolicies',
    ]);
    expect(outcome.findings[0].message).toBe(
      'IAM user "ci-deployer" has policies attached directly (AdministratorAccess, eks-deploy (inline)); grant them through an IAM group or a role instead.',
    );
    const inlineOnly = editDescriptor('eks-good', d => {
      d.account.iamUsers[0].inlinePolicies = ['s3-admin'];
    });
    expect(runOnCloud(policiesOnUsersCheck, inlineOnly).lines).toEqual([
      'fail IAMUser/dana @ account.iamUsers[0].inlinePolicies',
    ]);
  });

  it('flags Google accounts holding powerful roles directly, one finding per user', () => {
    const outcome = runOnCloud(policiesOnUsersCheck, loadDescriptor('gke-bad'));
    expect(outcome.lines).toEqual([
      'fail IAMUser/dana@acme.example @ account.iamPolicy.bindings[0].members[0]',
      'fail IAMUser/lee@acme.example @ account.iamPolicy.bindings[0].members[1]',
      'fail IAMUser/sam@acme.example @ account.iamPolicy.bindings[1].members[0]',
    ]);
    expect(outcome.findings[2].message).toBe(
      'Google account sam@acme.example holds roles/container.admin directly on the project; grant these roles to a Google group instead.',
    );
    const twoRoles = editDescriptor('gke-bad', d => {
      d.account.iamPolicy.bindings[1].members.push('user:dana@acme.example');
    });
    const dana = runOnCloud(policiesOnUsersCheck, twoRoles).findings.filter(
      f => f.resource.name === 'dana@acme.example',
    );
    expect(dana).toHaveLength(1);
    expect(dana[0].message).toContain(
      'holds roles/owner, roles/container.admin directly',
    );
  });

  it('ignores viewers, groups and service accounts', () => {
    const outcome = runOnCloud(policiesOnUsersCheck, loadDescriptor('gke-bad'));
    expect(outcome.lines.join()).not.toMatch(
      /kim@|developers@|platform-admins@|ci-deployer@/,
    );
  });

  it('flags Azure role assignments made to users', () => {
    const outcome = runOnCloud(policiesOnUsersCheck, loadDescriptor('aks-bad'));
    expect(outcome.lines).toEqual([
      'fail IAMUser/maria@contoso.example @ account.roleAssignments[0].principalType',
      'fail IAMUser/tom@contoso.example @ account.roleAssignments[1].principalType',
    ]);
    expect(outcome.findings[0].message).toBe(
      'Microsoft Entra user maria@contoso.example is assigned "Owner" directly on the cluster or its scope; assign roles to an Entra group instead.',
    );
  });

  it('passes group-based access on every provider', () => {
    for (const name of ['eks-good', 'gke-good', 'aks-good'] as const) {
      expect(
        runOnCloud(policiesOnUsersCheck, loadDescriptor(name)),
      ).toMatchObject({ evidence: true, findings: [] });
    }
  });

  it('has no evidence without IAM facts', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(policiesOnUsersCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
