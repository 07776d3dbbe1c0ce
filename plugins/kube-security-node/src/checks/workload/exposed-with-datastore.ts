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

/** The data stores of a namespace for a message (`PostgreSQL StatefulSet 'db'`), made once. */
function storesText(
  storesByNamespace: Map<string, Workload[]>,
  namespace: string,
  texts: Map<string, string>,
): string {
  let text = texts.get(namespace);
  if (text === undefined) {
    const stores = (storesByNamespace.get(namespace) ?? [])
      .map(w => ({ key: `${w.kind}/${w.name}`, w }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    text =
      stores.length === 0
        ? ''
        : listNames(
            stores.map(
              ({ w }) =>
                `${w.dataStoreKind ?? 'data store'} ${describeWorkload(w)}`,
            ),
          );
    texts.set(namespace, text);
  }
  return text;
}

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
    const texts = new Map<string, string>();
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
      // The workload is no data store, so not among them: one text per namespace.
      const stores = storesText(storesByNamespace, workload.namespace, texts);
      if (!stores) continue;
      ctx.report({
        message: `${describeWorkload(
          workload,
        )} is reachable from the internet${through} and shares namespace '${
          workload.namespace
        }' with ${stores}: a compromise of it lands next to the data. Move the data store to its own namespace`,
        resource: workloadResource(workload),
        evidencePath: 'metadata.namespace',
      });
    }
    return hasWorkloadEvidence(ctx);
  },
};
