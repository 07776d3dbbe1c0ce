import type { Check, CheckContext } from '../../engine/check';
import { isSystemNamespace } from './helpers';
import { ITEM, isOff } from './rbac';

/** Whether a workload of the scan runs as the account without turning automounting off. */
function mountedByAWorkload(
  ctx: CheckContext,
  namespace: string,
  name: string,
): boolean {
  return ctx.index
    .workloadsByServiceAccount(namespace, name)
    .some(workload => !isOff(workload.podSpec.automountServiceAccountToken));
}

/**
 * ServiceAccount objects that let pods mount their token by default: the namespace's
 * `default` account (CIS 5.1.5, medium) and any other that a workload of the scan uses
 * without turning automounting off (CIS 5.1.6, low; pods that call the API can still opt in
 * one by one).
 */
export const serviceAccountAutomountCheck: Check = {
  id: `${ITEM}/service-account-automount`,
  itemId: ITEM,
  severity: 'medium',
  reads: ['ServiceAccount'],
  run(ctx) {
    const accounts = ctx.index.ofKind('ServiceAccount');
    for (const account of accounts) {
      const namespace = account.metadata.namespace ?? 'default';
      if (isSystemNamespace(ctx, namespace)) continue;
      const setting = account.automountServiceAccountToken;
      if (isOff(setting)) continue;
      const isDefault = account.metadata.name === 'default';
      // Another account only matters through the pods that mount its token (CIS 5.1.6 is
      // about what pods mount): reported when a workload in the scan does.
      if (!isDefault && !mountedByAWorkload(ctx, namespace, account.metadata.name))
        continue;
      const how =
        setting === undefined
          ? 'does not set automountServiceAccountToken, so every pod that uses it mounts its API token'
          : 'sets automountServiceAccountToken: true, so every pod that uses it mounts its API token';
      ctx.report({
        ...(isDefault ? {} : { severity: 'low' as const }),
        message: isDefault
          ? `The 'default' service account of namespace '${namespace}' ${how}. Set it to false; workloads that call the API get their own account`
          : `Service account '${account.metadata.name}' ${how}. Set it to false and opt in on the pods that call the API`,
        resource: {
          kind: 'ServiceAccount',
          namespace,
          name: account.metadata.name,
        },
        evidencePath: 'automountServiceAccountToken',
        standards: isDefault
          ? ['CIS 5.1.5', 'CIS 5.1.6', 'NSA/CISA: Service account tokens']
          : ['CIS 5.1.6', 'NSA/CISA: Service account tokens'],
      });
    }
    return ctx.index.snapshot.scope === 'cluster' || accounts.length > 0;
  },
};
