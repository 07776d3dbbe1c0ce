import type { Check } from '../../engine/check';
import type { Workload } from '../../engine/SnapshotIndex';
import {
  describeWorkload,
  hasWorkloadEvidence,
  listNames,
  pushTo,
  teamWorkloads,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';

const ITEM = 'workload-namespace-isolation' as const;

/** Internet-exposed workloads do not share a namespace with data stores, nor are they one. */
export const exposedWithDatastoreCheck: Check = {
  id: `${ITEM}/exposed-with-datastore`,
  itemId: ITEM,
  severity: 'high',
  reads: [...WORKLOAD_READS, 'Service', 'Ingress'],
  run(ctx) {
    const storesByNamespace = new Map<string, Workload[]>();
    const workloads = teamWorkloads(ctx);
    for (const workload of workloads) {
      if (workload.exposure.dataStore) {
        pushTo(storesByNamespace, workload.namespace, workload);
      }
    }
    for (const workload of workloads) {
      if (!workload.exposure.internet) continue;
      const through = workload.exposedThrough?.length
        ? ` through ${listNames(workload.exposedThrough)}`
        : '';
      if (workload.exposure.dataStore) {
        ctx.report({
          message: `${describeWorkload(workload)} looks like a ${
            workload.dataStoreKind ?? 'data store'
          } and is reachable from the internet${through}: keep data stores on internal Services in a namespace of their own`,
          resource: workloadResource(workload),
          evidencePath: 'metadata.namespace',
        });
        continue;
      }
      const stores = (storesByNamespace.get(workload.namespace) ?? [])
        .filter(store => store !== workload)
        .sort((a, b) =>
          `${a.kind}/${a.name}` < `${b.kind}/${b.name}` ? -1 : 1,
        );
      if (stores.length === 0) continue;
      ctx.report({
        message: `${describeWorkload(
          workload,
        )} is reachable from the internet${through} and shares namespace '${
          workload.namespace
        }' with ${listNames(
          stores.map(
            s => `${s.dataStoreKind ?? 'data store'} ${describeWorkload(s)}`,
          ),
        )}: a compromise of it lands next to the data. Move the data store to its own namespace`,
        resource: workloadResource(workload),
        evidencePath: 'metadata.namespace',
      });
    }
    return hasWorkloadEvidence(ctx);
  },
};
