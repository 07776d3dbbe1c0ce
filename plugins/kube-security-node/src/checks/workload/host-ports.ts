import type { Check } from '../../engine/check';
import {
  containerResource,
  describeContainer,
  hasPodSpecEvidence,
  teamPodSpecContainers,
  WORKLOAD_READS,
} from './helpers';
import { ADMISSION_ITEM as ITEM } from './podSecurity';

/** The ports of a `ports` list that bind one of the node's, with their positions. */
function hostPorts(
  list: unknown,
): Array<{ hostPort: any; i: number }> | undefined {
  if (!Array.isArray(list)) return undefined;
  let ports: Array<{ hostPort: any; i: number }> | undefined;
  for (let i = 0; i < list.length; i++) {
    const hostPort = list[i]?.hostPort;
    if (
      hostPort !== undefined &&
      hostPort !== null &&
      String(hostPort).trim() !== '' &&
      Number(hostPort) !== 0
    ) {
      (ports ??= []).push({ hostPort, i });
    }
  }
  return ports;
}

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
      const ports = hostPorts(ref.container.ports);
      if (!ports) continue;
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
