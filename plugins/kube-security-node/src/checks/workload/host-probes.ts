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

function at(value: any, path: string[]): any {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[key];
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
      for (const handler of HANDLERS) {
        const spec = at(ref.container, handler.path);
        if (spec === null || typeof spec !== 'object') continue;
        for (const action of ACTIONS) {
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
