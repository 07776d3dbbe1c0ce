import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from '../cloud/__testUtils__/harness';
import { controlPlaneAuditLogsCheck } from './control-plane-audit-logs';

describe('cluster-audit-logging/control-plane-audit-logs', () => {
  it('fails EKS without audit logs and warns when only other log types are missing', () => {
    const outcome = runOnCloud(
      controlPlaneAuditLogsCheck,
      loadDescriptor('eks-bad'),
    );
    expect(outcome.lines).toEqual([
      'fail Cluster/payments-prod @ cluster.logging.clusterLogging',
    ]);
    expect(outcome.findings[0].message).toBe(
      'EKS control-plane audit logging is off (not sent to CloudWatch Logs); also missing: authenticator, api.',
    );
    const auditOnly = editDescriptor('eks-bad', d => {
      d.cluster.logging.clusterLogging = [
        { types: ['audit', 'controllerManager'], enabled: true },
        { types: ['api', 'authenticator', 'scheduler'], enabled: false },
      ];
    });
    const warned = runOnCloud(controlPlaneAuditLogsCheck, auditOnly);
    expect(warned.lines).toEqual([
      'warn Cluster/payments-prod @ cluster.logging.clusterLogging',
    ]);
    expect(warned.findings[0]).toMatchObject({ severity: 'medium' });
    expect(warned.findings[0].message).toContain(
      'not authenticator or api logs',
    );
  });

  it('warns when GKE does not ship API server logs and fails when logging is off', () => {
    expect(
      runOnCloud(controlPlaneAuditLogsCheck, loadDescriptor('gke-bad')).lines,
    ).toEqual([
      'warn Cluster/shop-prod @ cluster.loggingConfig.componentConfig.enableComponents',
    ]);
    const off = editDescriptor('gke-bad', d => {
      d.cluster.loggingService = 'none';
    });
    expect(runOnCloud(controlPlaneAuditLogsCheck, off).lines).toEqual([
      'fail Cluster/shop-prod @ cluster.loggingService',
    ]);
  });

  it('fails AKS without a kube-audit diagnostic setting and warns about kube-audit-admin only', () => {
    expect(
      runOnCloud(controlPlaneAuditLogsCheck, loadDescriptor('aks-bad')).lines,
    ).toEqual(['fail Cluster/orders-aks @ account.diagnosticSettings']);
    const adminOnly = editDescriptor('aks-good', d => {
      d.account.diagnosticSettings[0].logs = [
        { category: 'kube-audit-admin', enabled: true },
      ];
    });
    expect(runOnCloud(controlPlaneAuditLogsCheck, adminOnly).lines).toEqual([
      'warn Cluster/billing-aks @ account.diagnosticSettings',
    ]);
    const group = editDescriptor('aks-good', d => {
      d.account.diagnosticSettings[0].logs = [
        { category: null, categoryGroup: 'audit', enabled: true },
      ];
    });
    expect(runOnCloud(controlPlaneAuditLogsCheck, group).findings).toEqual([]);
    const disabled = editDescriptor('aks-good', d => {
      d.account.diagnosticSettings[0].logs[0].enabled = false;
    });
    expect(runOnCloud(controlPlaneAuditLogsCheck, disabled).lines).toEqual([
      'fail Cluster/billing-aks @ account.diagnosticSettings',
    ]);
  });

  it('passes complete audit logging', () => {
    for (const name of ['eks-good', 'gke-good', 'aks-good'] as const) {
      expect(
        runOnCloud(controlPlaneAuditLogsCheck, loadDescriptor(name)),
      ).toMatchObject({ evidence: true, findings: [] });
    }
  });

  it('has no evidence without logging facts', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(controlPlaneAuditLogsCheck, bareDescriptor(provider))
          .evidence,
      ).toBe(false);
    }
  });
});
