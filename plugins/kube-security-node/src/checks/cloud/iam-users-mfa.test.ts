import { iamUsersMfaCheck } from './iam-users-mfa';
import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from './__testUtils__/harness';

describe('cloud-mfa-enforced/iam-users-mfa', () => {
  it('flags IAM users with a console password and no MFA device', () => {
    const outcome = runOnCloud(iamUsersMfaCheck, loadDescriptor('eks-bad'));
    expect(outcome.lines).toEqual([
      'fail IAMUser/alice @ account.iamUsers[0].mfaEnabled',
    ]);
    expect(outcome.findings[0].message).toBe(
      'IAM user "alice" can sign in to the AWS console with a password but has no MFA device.',
    );
  });

  it('ignores users without a console password and users with MFA', () => {
    expect(
      runOnCloud(iamUsersMfaCheck, loadDescriptor('eks-good')),
    ).toMatchObject({ evidence: true, findings: [] });
  });

  it('passes an account with no IAM users (federated access only)', () => {
    const none = editDescriptor('eks-bad', d => {
      d.account.iamUsers = [];
    });
    expect(runOnCloud(iamUsersMfaCheck, none)).toMatchObject({
      evidence: true,
      findings: [],
    });
  });

  it('has no evidence for GKE, AKS or an EKS account without user facts', () => {
    expect(
      runOnCloud(iamUsersMfaCheck, loadDescriptor('gke-bad')).evidence,
    ).toBe(false);
    expect(
      runOnCloud(iamUsersMfaCheck, loadDescriptor('aks-bad')).evidence,
    ).toBe(false);
    expect(runOnCloud(iamUsersMfaCheck, bareDescriptor('eks')).evidence).toBe(
      false,
    );
  });
});
