import type { Check } from '../../engine/check';
import { makeNetworkPolicyCheck } from './networkPolicyCheck';

/** Some NetworkPolicy restricts where each team workload may connect to. */
export const egressNotRestrictedCheck: Check = makeNetworkPolicyCheck(
  'egress-not-restricted',
  'Egress',
  'medium',
  () =>
    'if it is compromised it can reach any service in the cluster and on the internet',
);
