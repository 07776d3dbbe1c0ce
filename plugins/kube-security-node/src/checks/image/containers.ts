import type { RawFinding } from '../../engine/check';
import type { ContainerRef, SnapshotIndex } from '../../engine/SnapshotIndex';
import { ImageRef, parseImageRef } from './imageRef';
import { containerFacts } from '../workload/helpers';
import { keepShape } from '../../util/keepShape';

/** Kinds whose pod templates hold the containers the image checks judge. */
export { WORKLOAD_KINDS } from '../../engine/buildIndex';

/** Finding fields that locate a container and carry its workload's labels and exposure. */
export function containerFinding(
  c: ContainerRef,
  evidencePath: string,
): Pick<RawFinding, 'resource' | 'evidencePath' | 'labels' | 'exposure'> {
  return {
    resource: containerFacts(c).imageResource,
    evidencePath,
    labels: c.workload.labels,
    exposure: c.workload.exposure,
  };
}

/** The container's name for messages: "(unnamed)" when it has none, as in the pod-spec checks. */
export function containerName(c: ContainerRef): string {
  return containerFacts(c).name;
}

/**
 * Calls `visit` for every container whose image parses; returns whether there was any
 * container to judge (none means no evidence).
 */
export function forEachImage(
  index: SnapshotIndex,
  visit: (c: ContainerRef, ref: ImageRef) => void,
): boolean {
  const refs = parsedImagesOf(index);
  index.containers.forEach((c, i) => {
    const ref = refs[i];
    if (ref) visit(c, ref);
  });
  return index.containers.length > 0;
}

// See keepShape: the image checks' code, optimized for parsed (frozen) references, stays
// valid from one evaluation to the next.
keepShape(Object.freeze(parseImageRef('registry.example/team/app:1')!));

const parsedImages = new WeakMap<SnapshotIndex, Array<ImageRef | undefined>>();

/** The parsed image of every container of `index.containers`, at the same positions. */
export function parsedImagesOfContainers(
  index: SnapshotIndex,
): ReadonlyArray<ImageRef | undefined> {
  return parsedImagesOf(index);
}

/**
 * The parsed image of every container of the index (same positions), parsed once per index
 * and image string and shared by the image checks. The refs are frozen: checks only read.
 */
function parsedImagesOf(index: SnapshotIndex): Array<ImageRef | undefined> {
  let refs = parsedImages.get(index);
  if (!refs) {
    const byImage = new Map<unknown, ImageRef | undefined>();
    refs = index.containers.map(c => {
      const image = c.container?.image;
      if (!byImage.has(image)) {
        const ref = parseImageRef(image);
        byImage.set(image, ref && Object.freeze(ref));
      }
      return byImage.get(image);
    });
    parsedImages.set(index, refs);
  }
  return refs;
}
