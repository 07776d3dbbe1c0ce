import type { Check } from '../../engine/check';
import { environmentTagCheck } from './environment-tag';
import { configMapSecretCheck } from './configmap-secret';
import { fullOsImageCheck } from './full-os-image';
import { inlineConfigCheck } from './inline-config';
import { literalSecretEnvCheck } from './literal-secret-env';
import { mutableTagCheck } from './mutable-tag';
import { registryScanningCheck } from './registry-scanning';
import { secretEnvReferenceCheck } from './secret-env-reference';
import { unpinnedDigestCheck } from './unpinned-digest';
import { untrustedRegistryCheck } from './untrusted-registry';

/** Checks of the image category: container images in pod specs, plus registry scanning. */
export const imageChecks: Check[] = [
  fullOsImageCheck,
  registryScanningCheck,
  untrustedRegistryCheck,
  unpinnedDigestCheck,
  mutableTagCheck,
  literalSecretEnvCheck,
  configMapSecretCheck,
  secretEnvReferenceCheck,
  environmentTagCheck,
  inlineConfigCheck,
];
