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
      'EKS control-plane audit logging is off (not sent to CloudWatch Logs); also missing: api, authenticator, controllerManager, scheduler.',
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
      'not api, authenticator, scheduler logs',
    );
  });

  it('asks EKS for every control-plane log type, the scheduler and controller manager included', () => {
    for (const off of ['controllerManager', 'scheduler']) {
      const oneOff = editDescriptor('eks-good', d => {
        d.cluster.logging.clusterLogging = [
          {
            types: [
              'api',
              'audit',
              'authenticator',
              'controllerManager',
              'scheduler',
            ].filter(t => t !== off),
            enabled: true,
          },
          { types: [off], enabled: false },
        ];
      });
      const outcome = runOnCloud(controlPlaneAuditLogsCheck, oneOff);
      expect(outcome.lines).toEqual([
        'warn Cluster/checkout-prod @ cluster.logging.clusterLogging',
      ]);
      expect(outcome.findings[0].message).toContain(`not ${off} logs`);
    }
  });

  it('judges GKE by the Data Access audit logs of its Kubernetes API, not by component logs', () => {
    const outcome = runOnCloud(
      controlPlaneAuditLogsCheck,
      loadDescriptor('gke-bad'),
    );
    expect(outcome.lines).toEqual([
      'warn Cluster/shop-prod @ account.iamPolicy.auditConfigs',
    ]);
    expect(outcome.findings[0].message).toContain(
      'Data Access audit logs (ADMIN_READ, DATA_READ, DATA_WRITE) of the Kubernetes API',
    );
    // Component logs (APISERVER) are not audit logs: without them a cluster still passes.
    const noComponents = editDescriptor('gke-good', d => {
      d.cluster.loggingConfig.componentConfig.enableComponents = [
        'SYSTEM_COMPONENTS',
      ];
    });
    expect(runOnCloud(controlPlaneAuditLogsCheck, noComponents)).toMatchObject({
      evidence: true,
      findings: [],
    });
    const readsOnly = editDescriptor('gke-good', d => {
      d.account.iamPolicy.auditConfigs = [
        {
          service: 'container.googleapis.com',
          auditLogConfigs: [
            { logType: 'ADMIN_READ' },
            { logType: 'DATA_WRITE' },
          ],
        },
        {
          service: 'storage.googleapis.com',
          auditLogConfigs: [{ logType: 'DATA_READ' }],
        },
      ];
    });
    expect(
      runOnCloud(controlPlaneAuditLogsCheck, readsOnly).findings[0].message,
    ).toContain('Data Access audit logs (DATA_READ)');
    const exempted = editDescriptor('gke-good', d => {
      d.account.iamPolicy.auditConfigs[0].auditLogConfigs[1].exemptedMembers = [
        'serviceAccount:ci@acme.iam.gserviceaccount.com',
      ];
    });
    const partial = runOnCloud(controlPlaneAuditLogsCheck, exempted);
    expect(partial.lines).toEqual([
      'warn Cluster/shop-prod-eu @ account.iamPolicy.auditConfigs',
    ]);
    expect(partial.findings[0]).toMatchObject({ severity: 'low' });
    expect(partial.findings[0].message).toContain(
      'leave out serviceAccount:ci@acme.iam.gserviceaccount.com',
    );
  });

  it('has no GKE evidence without the project IAM policy, whatever the logging config says', () => {
    const noPolicy = editDescriptor('gke-good', d => {
      delete d.account;
    });
    expect(runOnCloud(controlPlaneAuditLogsCheck, noPolicy)).toMatchObject({
      evidence: false,
      findings: [],
    });
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
