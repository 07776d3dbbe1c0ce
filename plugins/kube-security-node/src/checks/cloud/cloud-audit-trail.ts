import type { Check } from '../../engine/check';
import {
  accountResource,
  aksOf,
  eksOf,
  exportsLogs,
  gkeOf,
  isObject,
  list,
} from './descriptor';

/**
 * The cloud account's own audit trail (who changed which resource) must be recorded,
 * across every region, and kept somewhere central.
 */
export const cloudAuditTrailCheck: Check = {
  id: 'cloud-audit-logging/cloud-audit-trail',
  itemId: 'cloud-audit-logging',
  run({ index, report }) {
    const resource = accountResource(index);

    const eks = eksOf(index);
    if (eks) {
      const trails = eks.account?.cloudTrails;
      if (!Array.isArray(trails)) return false;
      const logging = trails.filter(t => isObject(t) && t.isLogging === true);
      if (!trails.length) {
        report({
          message:
            'No CloudTrail trail exists in the AWS account, so API activity is kept only 90 days in the event history and never reaches a central log.',
          resource,
          evidencePath: 'account.cloudTrails',
        });
      } else if (!logging.length) {
        report({
          message: `CloudTrail trails exist (${trails
            .map(t => t?.name)
            .join(', ')}) but none is logging.`,
          resource,
          evidencePath: 'account.cloudTrails[0].isLogging',
        });
      } else if (!logging.some(t => t.isMultiRegionTrail === true)) {
        report({
          message: `The logging CloudTrail trail${
            logging.length > 1 ? 's' : ''
          } (${logging.map(t => t.name).join(', ')}) cover${
            logging.length > 1 ? '' : 's'
          } a single region; activity in other regions goes unrecorded.`,
          resource,
          evidencePath: `account.cloudTrails[${trails.indexOf(
            logging[0],
          )}].isMultiRegionTrail`,
        });
      }
      return true;
    }

    const gke = gkeOf(index);
    if (gke) {
      const policy = gke.account?.iamPolicy;
      if (!isObject(policy)) return false;
      const types = new Set<string>();
      for (const config of list(policy.auditConfigs)) {
        if (
          !isObject(config) ||
          !['allServices', 'container.googleapis.com'].includes(config.service)
        )
          continue;
        for (const log of list(config.auditLogConfigs)) {
          if (isObject(log) && typeof log.logType === 'string')
            types.add(log.logType);
        }
      }
      const missing = ['DATA_READ', 'DATA_WRITE'].filter(t => !types.has(t));
      if (missing.length) {
        report({
          status: 'warn',
          severity: 'medium',
          message:
            `Data Access audit logs (${missing.join(
              ', ',
            )}) are not enabled for all services ` +
            `or for GKE in project ${resource.name}; Admin Activity logs are always on, but ` +
            'reads of Kubernetes objects and data-plane writes go unrecorded.',
          resource,
          evidencePath: 'account.iamPolicy.auditConfigs',
        });
      }
      return true;
    }

    const aks = aksOf(index);
    if (aks) {
      const settings = aks.account?.activityLogSettings;
      if (!Array.isArray(settings)) return false;
      if (!settings.some(exportsLogs)) {
        report({
          message:
            'The Azure subscription has no diagnostic setting exporting its Activity Log, ' +
            'so control-plane operations on resources are kept only 90 days and never reach a central workspace.',
          resource,
          evidencePath: 'account.activityLogSettings',
        });
      }
      return true;
    }
    return false;
  },
};
