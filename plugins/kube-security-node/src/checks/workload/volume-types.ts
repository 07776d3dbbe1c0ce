import type { Check } from '../../engine/check';
import {
  describeWorkload,
  hasPodSpecEvidence,
  listNames,
  teamPodSpecs,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';
import { ADMISSION_ITEM as ITEM } from './podSecurity';

/** Volume sources the restricted standard allows. */
const ALLOWED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** The volumes of a `volumes` list with a source the restricted standard does not allow. */
function otherVolumes(
  volumes: unknown,
): Array<{ name: string; type: string; i: number }> | undefined {
  if (!Array.isArray(volumes)) return undefined;
  let other: Array<{ name: string; type: string; i: number }> | undefined;
  for (let i = 0; i < volumes.length; i++) {
    const volume = volumes[i];
    if (!volume || typeof volume !== 'object') continue;
    for (const type of Object.keys(volume)) {
      if (type === 'name' || type === 'hostPath') continue;
      if (volume[type] === null || volume[type] === undefined) continue;
      if (ALLOWED_VOLUME_TYPES.has(type)) continue;
      (other ??= []).push({ name: String(volume.name ?? `#${i}`), type, i });
    }
  }
  return other;
}

/**
 * Pods use only the volume types of the restricted standard; other sources (NFS, iSCSI,
 * cloud disks, Git repositories...) bypass PersistentVolume controls or run code on the node.
 * hostPath is left to host-path, which answers this control for it as well.
 */
export const volumeTypesCheck: Check = {
  id: `${ITEM}/volume-types`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    const items = teamPodSpecs(ctx);
    for (let k = 0; k < items.length; k++) {
      const workload = items[k];
      const other = otherVolumes(workload.podSpec.volumes);
      if (!other) continue;
      ctx.report({
        message: `${describeWorkload(workload)} uses ${listNames(
          other.map(o => `${o.type} volume '${o.name}'`),
        )}: the restricted standard allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes`,
        resource: workloadResource(workload),
        evidencePath: `${workload.podSpecPath}.volumes[${other[0].i}].${other[0].type}`,
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
