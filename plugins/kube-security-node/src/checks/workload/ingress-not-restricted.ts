import type { Check } from '../../engine/check';
import { listNames } from './helpers';
import { makeNetworkPolicyCheck } from './networkPolicyCheck';

/** Some NetworkPolicy restricts who may connect to each team workload. */
export const ingressNotRestrictedCheck: Check = makeNetworkPolicyCheck(
  'ingress-not-restricted',
  'Ingress',
  'high',
  workload =>
    workload.exposure.internet
      ? `it is reachable from the internet${
          workload.exposedThrough?.length
            ? ` through ${listNames(workload.exposedThrough)}`
            : ''
        } and from every pod in the cluster`
      : 'every pod in the cluster can connect to it',
);
