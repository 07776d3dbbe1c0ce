import { cloudAuditTrailCheck } from './cloud-audit-trail';
import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from './__testUtils__/harness';

describe('cloud-audit-logging/cloud-audit-trail', () => {
  it('flags a single-region CloudTrail trail', () => {
    const outcome = runOnCloud(cloudAuditTrailCheck, loadDescriptor('eks-bad'));
    expect(outcome.lines).toEqual([
      'fail AWSAccount/111122223333 @ account.cloudTrails[0].isMultiRegionTrail',
    ]);
    expect(outcome.findings[0].message).toBe(
      'The logging CloudTrail trail (management-events) covers a single region; activity in other regions goes unrecorded.',
    );
  });

  it('flags no trail, and trails that are not logging', () => {
    const none = editDescriptor('eks-bad', d => {
      d.account.cloudTrails = [];
    });
    expect(runOnCloud(cloudAuditTrailCheck, none).lines).toEqual([
      'fail AWSAccount/111122223333 @ account.cloudTrails',
    ]);
    const stopped = editDescriptor('eks-good', d => {
      d.account.cloudTrails[0].isLogging = false;
    });
    const outcome = runOnCloud(cloudAuditTrailCheck, stopped);
    expect(outcome.lines).toEqual([
      'fail AWSAccount/444455556666 @ account.cloudTrails[0].isLogging',
    ]);
    expect(outcome.findings[0].message).toBe(
      'CloudTrail trails exist (org-trail) but none is logging.',
    );
  });

  it('warns when GKE Data Access audit logs are off', () => {
    const outcome = runOnCloud(cloudAuditTrailCheck, loadDescriptor('gke-bad'));
    expect(outcome.lines).toEqual([
      'warn GCPProject/acme-shop-prod @ account.iamPolicy.auditConfigs',
    ]);
    expect(outcome.findings[0].message).toContain(
      'Data Access audit logs (DATA_READ, DATA_WRITE)',
    );
    const gkeOnly = editDescriptor('gke-bad', d => {
      d.account.iamPolicy.auditConfigs = [
        {
          service: 'container.googleapis.com',
          auditLogConfigs: [
            { logType: 'DATA_WRITE' },
            { logType: 'DATA_READ' },
          ],
        },
      ];
    });
    expect(runOnCloud(cloudAuditTrailCheck, gkeOnly).findings).toEqual([]);
  });

  it('flags an Azure subscription without exported activity logs', () => {
    expect(
      runOnCloud(cloudAuditTrailCheck, loadDescriptor('aks-bad')).lines,
    ).toEqual([
      'fail AzureSubscription/8c1e5f3a-2b4d-4e6f-9a0b-1c2d3e4f5a6b @ account.activityLogSettings',
    ]);
    const noDestination = editDescriptor('aks-good', d => {
      delete d.account.activityLogSettings[0].workspaceId;
    });
    expect(
      runOnCloud(cloudAuditTrailCheck, noDestination).findings,
    ).toHaveLength(1);
  });

  it('passes complete audit trails on every provider', () => {
    for (const name of ['eks-good', 'gke-good', 'aks-good'] as const) {
      expect(
        runOnCloud(cloudAuditTrailCheck, loadDescriptor(name)),
      ).toMatchObject({ evidence: true, findings: [] });
    }
  });

  it('has no evidence without audit facts', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(cloudAuditTrailCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
