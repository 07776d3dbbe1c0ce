import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  exportsLogs,
  gkeOf,
  isObject,
  list,
} from '../cloud/descriptor';

/** Every control-plane log type EKS can send to CloudWatch Logs. */
const EKS_LOG_TYPES = [
  'api',
  'audit',
  'authenticator',
  'controllerManager',
  'scheduler',
];

/**
 * Data Access audit log types of Cloud Audit Logs. Admin Activity logs (writes to the
 * Kubernetes API) are always on; reads are recorded only when these are enabled.
 */
const GKE_DATA_ACCESS_TYPES = ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'];

/** Services whose audit config covers the Kubernetes API of GKE clusters. */
const GKE_AUDIT_SERVICES = ['allServices', 'container.googleapis.com'];

/** The Data Access log types enabled for GKE's Kubernetes API, and who is exempted. */
function gkeKubernetesAuditLogs(policy: Record<string, any>): {
  types: Set<string>;
  exempted: string[];
} {
  const types = new Set<string>();
  const exempted = new Set<string>();
  for (const config of list(policy.auditConfigs)) {
    if (!isObject(config) || !GKE_AUDIT_SERVICES.includes(config.service)) {
      continue;
    }
    for (const log of list(config.auditLogConfigs)) {
      if (!isObject(log) || typeof log.logType !== 'string') continue;
      types.add(log.logType);
      list(log.exemptedMembers).forEach(m => exempted.add(String(m)));
    }
  }
  return { types, exempted: [...exempted].sort() };
}

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
      const missing = EKS_LOG_TYPES.filter(t => !enabled.has(t));
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
                ', ',
              )} logs; every control-plane log type should reach CloudWatch Logs.`,
          resource,
          evidencePath: 'cluster.logging.clusterLogging',
        });
      }
      return true;
    }

    const gke = gkeOf(index);
    if (gke) {
      const policy = gke.account?.iamPolicy;
      if (!isObject(policy)) return false;
      const { types, exempted } = gkeKubernetesAuditLogs(policy);
      const missing = GKE_DATA_ACCESS_TYPES.filter(t => !types.has(t));
      if (missing.length) {
        report({
          status: 'warn',
          severity: 'medium',
          message:
            `Data Access audit logs (${missing.join(
              ', ',
            )}) of the Kubernetes API are not ` +
            `enabled for GKE (container.googleapis.com or all services) in project ${resource.name}: ` +
            'Admin Activity logs record changes, but reads such as get and list of Secrets go unrecorded.',
          resource,
          evidencePath: 'account.iamPolicy.auditConfigs',
        });
      } else if (exempted.length) {
        report({
          status: 'warn',
          severity: 'low',
          message: `Data Access audit logs of the Kubernetes API leave out ${exempted.join(
            ', ',
          )} (exemptedMembers): their reads are not recorded.`,
          resource,
          evidencePath: 'account.iamPolicy.auditConfigs',
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
