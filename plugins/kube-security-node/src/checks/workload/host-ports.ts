import type { Check } from '../../engine/check';
import {
  asArray,
  containerResource,
  describeContainer,
  hasPodSpecEvidence,
  teamPodSpecContainers,
  WORKLOAD_READS,
} from './helpers';
import { ADMISSION_ITEM as ITEM } from './podSecurity';

/**
 * Containers bind no port of the node (hostPort): it bypasses Services and NetworkPolicies
 * aimed at the pod network and pins the pod to nodes where the port is free.
 */
export const hostPortsCheck: Check = {
  id: `${ITEM}/host-ports`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    const items = teamPodSpecContainers(ctx);
    for (let k = 0; k < items.length; k++) {
      const ref = items[k];
      const ports = asArray(ref.container.ports)
        .map((port: any, i) => ({ hostPort: port?.hostPort, i }))
        .filter(
          ({ hostPort }) =>
            hostPort !== undefined &&
            hostPort !== null &&
            String(hostPort).trim() !== '' &&
            Number(hostPort) !== 0,
        );
      if (ports.length === 0) continue;
      ctx.report({
        message: `${describeContainer(ref)} binds ${
          ports.length > 1 ? 'ports' : 'port'
        } ${ports
          .map(p => p.hostPort)
          .join(
            ', ',
          )} on the node (hostPort): it is reachable on the node's address, around Services and pod-network policies`,
        resource: containerResource(ref),
        evidencePath: `${ref.path}.ports[${ports[0].i}].hostPort`,
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
