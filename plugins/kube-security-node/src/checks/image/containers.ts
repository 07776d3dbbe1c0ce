import type { RawFinding } from '../../engine/check';
import type { ContainerRef, SnapshotIndex } from '../../engine/SnapshotIndex';
import { ImageRef, parseImageRef } from './imageRef';

/** Kinds whose pod templates hold the containers the image checks judge. */
export { WORKLOAD_KINDS } from '../../engine/buildIndex';

/** Finding fields that locate a container and carry its workload's labels and exposure. */
export function containerFinding(
  c: ContainerRef,
  evidencePath: string,
): Pick<RawFinding, 'resource' | 'evidencePath' | 'labels' | 'exposure'> {
  return {
    resource: {
      kind: c.workload.kind,
      namespace: c.workload.namespace,
      name: c.workload.name,
      container: String(c.container?.name ?? ''),
    },
    evidencePath,
    labels: c.workload.labels,
    exposure: c.workload.exposure,
  };
}

/**
 * Calls `visit` for every container whose image parses; returns whether there was any
 * container to judge (none means no evidence).
 */
export function forEachImage(
  index: SnapshotIndex,
  visit: (c: ContainerRef, ref: ImageRef) => void,
): boolean {
  for (const c of index.containers) {
    const ref = parseImageRef(c.container?.image);
    if (ref) visit(c, ref);
  }
  return index.containers.length > 0;
}
