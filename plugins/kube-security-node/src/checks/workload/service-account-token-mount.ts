import type { Check, CheckContext } from '../../engine/check';
import {
  asArray,
  hasWorkloadEvidence,
  listNames,
  pushTo,
  teamWorkloads,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';
import { bindings, ITEM, isOff, subjectNamespace } from './rbac';

/** The bindings (by `namespace/name` of a ServiceAccount, or `namespace/*`) that grant it rights. */
function serviceAccountBindings(ctx: CheckContext): Map<string, string[]> {
  const byAccount = new Map<string, string[]>();
  for (const binding of bindings(ctx)) {
    const name = `${binding.kind} '${binding.metadata.name}'`;
    for (const subject of asArray(binding.subjects)) {
      if (
        subject?.kind === 'ServiceAccount' &&
        typeof subject.name === 'string'
      ) {
        pushTo(
          byAccount,
          `${subjectNamespace(binding, subject)}/${subject.name}`,
          name,
        );
      } else if (
        subject?.kind === 'Group' &&
        subject.name === 'system:serviceaccounts'
      ) {
        pushTo(byAccount, '*', name);
      } else if (
        subject?.kind === 'Group' &&
        typeof subject.name === 'string' &&
        subject.name.startsWith('system:serviceaccounts:')
      ) {
        pushTo(
          byAccount,
          `${subject.name.slice('system:serviceaccounts:'.length)}/*`,
          name,
        );
      }
    }
  }
  return byAccount;
}

/**
 * Pods that mount the token of their own (non-default) service account although neither
 * the pod nor the account (when in the scan) turns automounting off (CIS 5.1.6). A pod
 * whose account a binding in the scan grants rights probably calls the API: low; one whose
 * account holds no rights in the scan carries a token it does not need: medium. The
 * `default` account is default-service-account-token's.
 */
export const serviceAccountTokenMountCheck: Check = {
  id: `${ITEM}/service-account-token-mount`,
  itemId: ITEM,
  severity: 'medium',
  reads: [
    ...WORKLOAD_READS,
    'ServiceAccount',
    'RoleBinding',
    'ClusterRoleBinding',
  ],
  run(ctx) {
    const granted = serviceAccountBindings(ctx);
    const items = teamWorkloads(ctx);
    for (let k = 0; k < items.length; k++) {
      const workload = items[k];
      const sa = workload.serviceAccountName || 'default';
      if (sa === 'default') continue;
      const podSetting = workload.podSpec.automountServiceAccountToken;
      if (isOff(podSetting)) continue;
      const account = ctx.index.find('ServiceAccount', workload.namespace, sa);
      if (
        podSetting === undefined &&
        isOff(account?.automountServiceAccountToken)
      )
        continue;
      const via = [
        ...new Set([
          ...(granted.get(`${workload.namespace}/${sa}`) ?? []),
          ...(granted.get(`${workload.namespace}/*`) ?? []),
          ...(granted.get('*') ?? []),
        ]),
      ].sort();
      const message =
        via.length > 0
          ? `Mounts the API token of service account '${sa}', which ${listNames(
              via,
            )} ${
              via.length > 1 ? 'grant' : 'grants'
            } rights: fine if the pod calls the Kubernetes API, otherwise set automountServiceAccountToken: false`
          : `Mounts the API token of service account '${sa}', which no binding in this scan grants any rights: set automountServiceAccountToken: false on the pod or the service account unless the pod calls the Kubernetes API`;
      ctx.report({
        ...(via.length > 0 ? { severity: 'low' as const } : {}),
        message,
        resource: workloadResource(workload),
        evidencePath: `${workload.podSpecPath}.automountServiceAccountToken`,
      });
    }
    return hasWorkloadEvidence(ctx);
  },
};
