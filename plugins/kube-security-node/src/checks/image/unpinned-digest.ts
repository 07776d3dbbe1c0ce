import type { Check } from '../../engine/check';
import { containerFinding, forEachImage, WORKLOAD_KINDS } from './containers';
import { RegistryTrust } from './trust';

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
    return forEachImage(index, (c, ref) => {
      if (ref.digest) return;
      if (system.has(c.workload.namespace) && trust.isBuiltIn(ref)) return;
      report({
        message: `Container "${c.container.name}" refers to ${ref.original} by tag, not by an @sha256 digest, so what runs can change without a spec change.`,
        ...containerFinding(c, `${c.path}.image`),
      });
    });
  },
};
