import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_MANIFEST_LIMITS,
  type ManifestLimits,
} from '@kube-security/plugin-kube-security-node';

function readLimit(
  config: Config | undefined,
  key: keyof ManifestLimits,
): number {
  const value = config?.getOptionalNumber(key) ?? DEFAULT_MANIFEST_LIMITS[key];
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InputError(
      `Invalid kubeSecurity config: kubeSecurity.manifestLimits.${key} is ${value}; expected a whole number of at least 1`,
    );
  }
  return value;
}

/**
 * `kubeSecurity.manifestLimits`: the largest manifest file a snapshot folder may hold and
 * how many values YAML aliases may add to one document; the node package's defaults where
 * unset.
 */
export function readManifestLimits(
  kubeSecurity: Config | undefined,
): ManifestLimits {
  const config = kubeSecurity?.getOptionalConfig('manifestLimits');
  return {
    maxFileBytes: readLimit(config, 'maxFileBytes'),
    maxAliasExpansion: readLimit(config, 'maxAliasExpansion'),
  };
}
