import type { Check } from '../../engine/check';
import {
  hasPodSpecEvidence,
  isTrue,
  listNames,
  teamPodSpecs,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';
import { ADMISSION_ITEM as ITEM, STANDARD } from './podSecurity';

const HOST_NAMESPACES: Array<{ field: string; what: string; cis: string }> = [
  { field: 'hostNetwork', what: "the node's network", cis: 'CIS 5.2.5' },
  { field: 'hostPID', what: "the node's process list", cis: 'CIS 5.2.3' },
  {
    field: 'hostIPC',
    what: "the node's inter-process communication",
    cis: 'CIS 5.2.4',
  },
];

/** Pods do not share the node's network, PID or IPC namespace. */
export const hostNamespacesCheck: Check = {
  id: `${ITEM}/host-namespaces`,
  itemId: ITEM,
  severity: 'high',
  reads: WORKLOAD_READS,
  run(ctx) {
    const items = teamPodSpecs(ctx);
    for (let k = 0; k < items.length; k++) {
      const workload = items[k];
      const { podSpec } = workload;
      // The usual pod shares none: no list is made for it.
      if (
        !isTrue(podSpec.hostNetwork) &&
        !isTrue(podSpec.hostPID) &&
        !isTrue(podSpec.hostIPC)
      ) {
        continue;
      }
      const shared = HOST_NAMESPACES.filter(ns =>
        isTrue(workload.podSpec[ns.field]),
      );
      if (shared.length === 0) continue;
      ctx.report({
        message: `Shares ${listNames(shared.map(ns => ns.what))} (${shared
          .map(ns => `${ns.field}: true`)
          .join(
            ', ',
          )}): it can see and reach what runs on the node outside its own pod`,
        resource: workloadResource(workload),
        evidencePath: `${workload.podSpecPath}.${shared[0].field}`,
        // Each CIS control names one namespace: only those shared here are answered.
        standards: [
          STANDARD.hostNamespaces,
          ...shared.map(ns => ns.cis),
          STANDARD.nsaHost,
        ],
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
