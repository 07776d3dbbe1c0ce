import type { Check } from '../../engine/check';
import { isObject, list } from '../cloud/descriptor';
import { containerFinding, containerName, WORKLOAD_KINDS } from './containers';

/** From this many literal variables on, configuration is better kept in a ConfigMap. */
export const INLINE_ENV_THRESHOLD = 5;

/** Names of the pod's volumes that carry a ConfigMap (directly or projected). */
function configMapVolumes(podSpec: any): Set<string> {
  const names = new Set<string>();
  for (const volume of list(podSpec?.volumes)) {
    if (!isObject(volume)) continue;
    const projected = list(volume.projected?.sources).some(s =>
      isObject(s?.configMap),
    );
    if (isObject(volume.configMap) || projected) names.add(String(volume.name));
  }
  return names;
}

/** How many variables of an `env` list have a literal value. */
function countLiterals(env: unknown): number {
  if (!Array.isArray(env) || env.length < INLINE_ENV_THRESHOLD) return 0;
  let count = 0;
  for (let i = 0; i < env.length; i++) {
    if (isObject(env[i]) && env[i].value !== undefined) count++;
  }
  return count;
}

/**
 * Configuration should live outside the pod spec (ConfigMaps, Secrets) so the same
 * image and spec serve every environment; many literal variables suggest otherwise.
 */
export const inlineConfigCheck: Check = {
  id: 'image-externalized-config/inline-config',
  itemId: 'image-externalized-config',
  reads: WORKLOAD_KINDS,
  run({ index, report }) {
    const volumesBySpec = new Map<any, Set<string>>();
    const items = index.containers;
    for (let k = 0; k < items.length; k++) {
      const c = items[k];
      const literals = countLiterals(c.container?.env);
      if (literals < INLINE_ENV_THRESHOLD) continue;
      if (list(c.container.envFrom).length) continue;
      if (!volumesBySpec.has(c.workload.podSpec)) {
        volumesBySpec.set(
          c.workload.podSpec,
          configMapVolumes(c.workload.podSpec),
        );
      }
      const volumes = volumesBySpec.get(c.workload.podSpec)!;
      if (
        list(c.container.volumeMounts).some(m => volumes.has(String(m?.name)))
      )
        continue;
      report({
        status: 'warn',
        message:
          `Container "${containerName(
            c,
          )}" sets ${literals} environment variables as ` +
          'literal values and loads no ConfigMap (envFrom or volume); move its configuration out of the pod spec.',
        ...containerFinding(c, `${c.path}.env`),
      });
    }
    return index.containers.length > 0;
  },
};
