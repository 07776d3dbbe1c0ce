import type { Check } from '../../engine/check';
import { containerFinding, forEachImage, WORKLOAD_KINDS } from './containers';

/** A digest names exactly one image; a tag can be moved to different content at any time. */
export const unpinnedDigestCheck: Check = {
  id: 'image-trusted-registries/unpinned-digest',
  itemId: 'image-trusted-registries',
  reads: WORKLOAD_KINDS,
  run({ index, report }) {
    return forEachImage(index, (c, ref) => {
      if (ref.digest) return;
      report({
        message: `Container "${c.container.name}" refers to ${ref.original} by tag, not by an @sha256 digest, so what runs can change without a spec change.`,
        ...containerFinding(c, `${c.path}.image`),
      });
    });
  },
};
