import type { Check } from '../../engine/check';
import {
  containerResource,
  describeContainer,
  hasPodSpecEvidence,
  teamPodSpecContainers,
  WORKLOAD_READS,
} from './helpers';
import { ADMISSION_ITEM as ITEM } from './podSecurity';

/** Where a container names handlers that the kubelet runs for it. */
const HANDLERS: Array<{ path: string[]; label: string }> = [
  { path: ['livenessProbe'], label: 'liveness probe' },
  { path: ['readinessProbe'], label: 'readiness probe' },
  { path: ['startupProbe'], label: 'startup probe' },
  { path: ['lifecycle', 'postStart'], label: 'postStart hook' },
  { path: ['lifecycle', 'preStop'], label: 'preStop hook' },
];

/** The handler of HANDLERS[h] in a container (no iterator: it runs for every container). */
function handlerAt(container: any, h: number): any {
  const path = HANDLERS[h].path;
  let node = container;
  for (let i = 0; i < path.length; i++) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[path[i]];
  }
  return node;
}

const ACTIONS = ['httpGet', 'tcpSocket'];

/**
 * Probes and lifecycle hooks connect to the pod itself: an `httpGet.host` or
 * `tcpSocket.host` makes the kubelet, from the node, reach whatever address the pod names,
 * which a pod author can use to probe the node's network. The baseline standard allows the
 * field only unset or empty.
 */
export const hostProbesCheck: Check = {
  id: `${ITEM}/host-probes`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    const items = teamPodSpecContainers(ctx);
    for (let k = 0; k < items.length; k++) {
      const ref = items[k];
      let named: Array<{ text: string; path: string }> | undefined;
      for (let h = 0; h < HANDLERS.length; h++) {
        const spec = handlerAt(ref.container, h);
        if (spec === null || typeof spec !== 'object') continue;
        const handler = HANDLERS[h];
        for (let a = 0; a < ACTIONS.length; a++) {
          const action = ACTIONS[a];
          const host = spec[action]?.host;
          if (host === undefined || host === null || host === '') continue;
          (named ??= []).push({
            text: `${handler.label} ${action}.host ${host}`,
            path: `${ref.path}.${handler.path.join('.')}.${action}.host`,
          });
        }
      }
      if (!named) continue;
      ctx.report({
        message: `${describeContainer(ref)} sets ${named
          .map(n => n.text)
          .join(
            ', ',
          )}: the kubelet connects from the node to the address the pod names, instead of to the pod`,
        resource: containerResource(ref),
        evidencePath: named[0].path,
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
