import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  exportsLogs,
  gkeOf,
  isDescribed,
  isObject,
  list,
} from '../cloud/descriptor';

/** Log types of an EKS cluster that are switched on. */
function eksEnabledLogTypes(logging: any): Set<string> {
  const enabled = new Set<string>();
  for (const entry of list(logging?.clusterLogging)) {
    if (isObject(entry) && entry.enabled === true) {
      list(entry.types).forEach(t => enabled.add(String(t)));
    }
  }
  return enabled;
}

/** Which Kubernetes audit categories an AKS diagnostic setting exports. */
function aksAuditCategories(settings: any[]): {
  full: boolean;
  adminOnly: boolean;
} {
  let full = false;
  let adminOnly = false;
  for (const setting of settings) {
    if (!exportsLogs(setting)) continue;
    for (const log of list(setting.logs)) {
      if (!isObject(log) || log.enabled !== true) continue;
      if (
        log.category === 'kube-audit' ||
        log.categoryGroup === 'allLogs' ||
        log.categoryGroup === 'audit'
      ) {
        full = true;
      }
      if (log.category === 'kube-audit-admin') adminOnly = true;
    }
  }
  return { full, adminOnly };
}

/**
 * Every audit log the control plane can produce should be switched on and shipped to a
 * central place, reads included, so an incident can be reconstructed.
 */
export const controlPlaneAuditLogsCheck: Check = {
  id: 'cluster-audit-logging/control-plane-audit-logs',
  itemId: 'cluster-audit-logging',
  run({ index, report }) {
    const resource = clusterResource(index);

    const eks = eksOf(index);
    if (eks) {
      const logging = eks.cluster.logging;
      if (!isObject(logging)) return false;
      const enabled = eksEnabledLogTypes(logging);
      const missing = ['audit', 'authenticator', 'api'].filter(
        t => !enabled.has(t),
      );
      if (missing.length) {
        const auditOff = missing.includes('audit');
        report({
          status: auditOff ? 'fail' : 'warn',
          severity: auditOff ? undefined : 'medium',
          message: auditOff
            ? `EKS control-plane audit logging is off (not sent to CloudWatch Logs); also missing: ${
                missing.filter(t => t !== 'audit').join(', ') || 'none'
              }.`
            : `EKS control-plane logging sends audit logs but not ${missing.join(
                ' or ',
              )} logs, which record who authenticated and what the API server did.`,
          resource,
          evidencePath: 'cluster.logging.clusterLogging',
        });
      }
      return true;
    }

    const gke = gkeOf(index);
    if (gke) {
      const c = gke.cluster;
      const components = c.loggingConfig?.componentConfig?.enableComponents;
      if (
        !isDescribed(gke) &&
        typeof c.loggingService !== 'string' &&
        !Array.isArray(components)
      ) {
        return false;
      }
      if (c.loggingService === 'none') {
        report({
          message:
            'GKE Cloud Logging is disabled for the cluster (loggingService is "none"): no control-plane or node logs are collected centrally.',
          resource,
          evidencePath: 'cluster.loggingService',
        });
      } else if (!list(components).includes('APISERVER')) {
        report({
          status: 'warn',
          severity: 'medium',
          message:
            'GKE control-plane logs for the API server are not sent to Cloud Logging ' +
            '(APISERVER is missing from the enabled logging components); only Cloud Audit ' +
            'Logs record API activity.',
          resource,
          evidencePath:
            'cluster.loggingConfig.componentConfig.enableComponents',
        });
      }
      return true;
    }

    const aks = aksOf(index);
    if (aks) {
      const settings = aks.account?.diagnosticSettings;
      if (!Array.isArray(settings)) return false;
      const { full, adminOnly } = aksAuditCategories(settings);
      if (!full && adminOnly) {
        report({
          status: 'warn',
          severity: 'medium',
          message:
            'AKS diagnostic settings export kube-audit-admin only, which leaves out get and ' +
            'list requests (such as reads of Secrets); export kube-audit for the full history.',
          resource,
          evidencePath: 'account.diagnosticSettings',
        });
      } else if (!full) {
        report({
          message:
            'No AKS diagnostic setting exports the Kubernetes audit logs (kube-audit or kube-audit-admin) of the cluster.',
          resource,
          evidencePath: 'account.diagnosticSettings',
        });
      }
      return true;
    }
    return false;
  },
};
