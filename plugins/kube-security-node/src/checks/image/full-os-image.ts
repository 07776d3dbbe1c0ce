import type { Check } from '../../engine/check';
import {
  containerFinding,
  containerName,
  forEachImage,
  WORKLOAD_KINDS,
} from './containers';
import { ImageRef, imageName } from './imageRef';

/**
 * A path component that names a general-purpose distribution, optionally with a version
 * (`ubi8`, `centos7`): the first one is the leftmost match (no list of components is made).
 */
const FULL_OS =
  /(?:^|\/)((?:ubuntu|debian|centos|fedora|amazonlinux|rockylinux|almalinux|opensuse|oraclelinux|rhel|ubi)\d*)(?=\/|$)/;

/** The distribution an image is, if it is one. */
export function fullOsDistribution(ref: ImageRef): string | undefined {
  return FULL_OS.exec(ref.repository)?.[1];
}

export function isApprovedBase(
  ref: ImageRef,
  approved: readonly string[],
): boolean {
  const name = imageName(ref);
  return approved.some(entry => entry && name.includes(entry.toLowerCase()));
}

/**
 * Containers should run minimal images (distroless, Chainguard, Alpine…): a full
 * distribution ships shells and package managers that attackers use and scanners flag.
 */
export const fullOsImageCheck: Check = {
  id: 'image-minimal-scanned-base/full-os-image',
  itemId: 'image-minimal-scanned-base',
  reads: WORKLOAD_KINDS,
  run({ index, options, report }) {
    return forEachImage(index, (c, ref) => {
      const distribution = fullOsDistribution(ref);
      if (!distribution || isApprovedBase(ref, options.approvedBaseImages))
        return;
      report({
        status: 'warn',
        message:
          `Container "${containerName(
            c,
          )}" runs the full ${distribution} image ${ref.original}; ` +
          'use one of the approved minimal base images instead.',
        ...containerFinding(c, `${c.path}.image`),
      });
    });
  },
};
