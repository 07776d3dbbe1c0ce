import type { Check } from '../../engine/check';
import type { ContainerRef } from '../../engine/SnapshotIndex';
import {
  containerFinding,
  containerName,
  forEachImage,
  parsedImagesOfContainers,
  WORKLOAD_KINDS,
} from './containers';
import { ImageRef, isPinningDigest, parseImageRef } from './imageRef';
import { RegistryTrust } from './trust';

/**
 * An image whose name parses but whose digest is not a valid one (`nginx@sha256:abc`,
 * upper-case hex, `@blake3:…`): the name part, for the exemption of built-in add-ons.
 */
function withInvalidDigest(image: unknown): ImageRef | undefined {
  if (typeof image !== 'string') return undefined;
  const at = image.indexOf('@');
  if (at < 0) return undefined;
  const ref = parseImageRef(image.slice(0, at));
  return ref && { ...ref, original: image.trim() };
}

/**
 * A digest names exactly one image; a tag can be moved to different content at any time.
 * Provider-managed add-ons in the platform's namespaces (CoreDNS, kube-proxy, the CNI…)
 * are left out: their tags are set by the provider, not by anyone who could pin them.
 */
export const unpinnedDigestCheck: Check = {
  id: 'image-trusted-registries/unpinned-digest',
  itemId: 'image-trusted-registries',
  reads: WORKLOAD_KINDS,
  run({ index, options, report }) {
    const trust = new RegistryTrust([]);
    const system = new Set(options.systemNamespaces);
    const judge = (c: ContainerRef, ref: ImageRef, invalid: boolean) => {
      if (system.has(c.workload.namespace) && trust.isBuiltIn(ref)) return;
      report({
        message: invalid
          ? `Container "${containerName(c)}" refers to ${
              ref.original
            } with an invalid digest (a pinned reference ends in @sha256: and 64 lower-case hex digits, or @sha512: and 128, or @blake3: and 64), so it pins nothing.`
          : `Container "${containerName(c)}" refers to ${
              ref.original
            } by tag, not by an @sha256 digest, so what runs can change without a spec change.`,
        ...containerFinding(c, `${c.path}.image`),
      });
    };
    const evidence = forEachImage(index, (c, ref) => {
      if (ref.digest && isPinningDigest(ref.digest)) return;
      judge(c, ref, ref.digest !== undefined);
    });
    // Then the containers whose image does not parse (forEachImage skipped them).
    const parsed = parsedImagesOfContainers(index);
    index.containers.forEach((c, i) => {
      if (parsed[i]) return;
      const ref = withInvalidDigest(c.container?.image);
      if (ref) judge(c, ref, true);
    });
    return evidence;
  },
};
