import type { Check } from '../../engine/check';
import {
  containerFinding,
  containerName,
  forEachImage,
  WORKLOAD_KINDS,
} from './containers';
import { ImageRef, imageName } from './imageRef';
import { RegistryTrust } from './trust';

function untrustedMessage(
  container: string,
  ref: ImageRef,
  trust: RegistryTrust,
): string {
  const pulls = `Container "${container}" pulls ${ref.original}`;
  if (ref.dockerHub) {
    return `${pulls} from Docker Hub (${imageName(
      ref,
    )}); mirror or rebuild it into a registry you control.`;
  }
  if (trust.verdict(ref) === 'public') {
    return `${pulls} from ${ref.registry}, which is not a trusted registry.`;
  }
  return `${pulls} from ${ref.registry}, which is not among the trusted registries (kubeSecurity.trustedRegistries, or --trusted-registry in the CLI).`;
}

/**
 * Images should come from registries the organisation controls or vendors it trusts;
 * Docker Hub and other public sources can change under you. Without a configured
 * allow-list, only Docker Hub and shared public registries are reported: an unknown host
 * is most likely the organisation's own private registry (see RegistryTrust).
 */
export const untrustedRegistryCheck: Check = {
  id: 'image-trusted-registries/untrusted-registry',
  itemId: 'image-trusted-registries',
  reads: WORKLOAD_KINDS,
  run({ index, options, report }) {
    const trust = new RegistryTrust(options.trustedRegistries);
    return forEachImage(index, (c, ref) => {
      if (!trust.isReported(ref)) return;
      report({
        message: untrustedMessage(containerName(c), ref, trust),
        ...containerFinding(c, `${c.path}.image`),
      });
    });
  },
};
