import type { Check } from '../../engine/check';
import {
  hasWorkloadEvidence,
  teamWorkloads,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';
import { ITEM, isOff } from './rbac';

/**
 * Pods that run as their namespace's `default` service account with its token mounted
 * (CIS 5.1.5, 5.1.6): neither the pod nor the `default` account (when in the scan) turns
 * automounting off.
 */
export const defaultServiceAccountTokenCheck: Check = {
  id: `${ITEM}/default-service-account-token`,
  itemId: ITEM,
  severity: 'medium',
  reads: [...WORKLOAD_READS, 'ServiceAccount'],
  run(ctx) {
    const items = teamWorkloads(ctx);
    for (let k = 0; k < items.length; k++) {
      const workload = items[k];
      if ((workload.serviceAccountName || 'default') !== 'default') continue;
      const podSetting = workload.podSpec.automountServiceAccountToken;
      if (isOff(podSetting)) continue;
      const account = ctx.index.find(
        'ServiceAccount',
        workload.namespace,
        'default',
      );
      if (
        podSetting === undefined &&
        isOff(account?.automountServiceAccountToken)
      ) {
        continue;
      }
      ctx.report({
        message: `Runs as the namespace's 'default' service account with its API token mounted${
          podSetting === true ? ' (automountServiceAccountToken: true)' : ''
        }: anyone who takes over the pod gets that token and whatever was granted to 'default'. Use a dedicated service account, or set automountServiceAccountToken: false`,
        resource: workloadResource(workload),
        evidencePath: `${workload.podSpecPath}.automountServiceAccountToken`,
      });
    }
    return hasWorkloadEvidence(ctx);
  },
};
