import { createHash } from 'crypto';

/*
 * The digest of a scan's workloads as the store keeps them, kept on the cluster row
 * (`workloads_digest`) like the findings' list digest: a rescan whose workloads give the
 * same digest, while the cluster still has as many workload rows, reads and writes no
 * workload row.
 *
 * The text hashed (SHA-256, for the reasons given in findingListDigest.ts: names and
 * labels come from whoever controls the cluster) is one JSON array per batch of workloads;
 * their elements, read in order, are five per workload: kind, namespace, name, labels
 * (the object, or null) and owner (null when unowned). It reads back into the list in one
 * way only, so a change in any field of any workload, or in their order, changes it.
 */

/** Marks the format; an older one never equals it. */
const PREFIX = 'w1:';

/** Workloads per `JSON.stringify` and hash update. */
const BATCH = 256;

/** A workload as its row holds it (names already fitted to their columns). */
export interface DigestedWorkload {
  kind: string;
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  entityRef?: string;
}

/** The digest of a cluster's workloads, in the scan's order. */
export function workloadListDigest(
  workloads: readonly DigestedWorkload[],
): string {
  const hash = createHash('sha256');
  let slots: unknown[] = [];
  for (let i = 0; i < workloads.length; i++) {
    const w = workloads[i];
    slots.push(
      w.kind,
      w.namespace,
      w.name,
      w.labels ?? null,
      w.entityRef ?? null,
    );
    if ((i + 1) % BATCH === 0) {
      hash.update(JSON.stringify(slots));
      slots = [];
    }
  }
  hash.update(JSON.stringify(slots));
  return PREFIX + hash.digest('base64url');
}
