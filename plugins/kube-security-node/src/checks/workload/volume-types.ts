import type { Check } from '../../engine/check';
import {
  asArray,
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
      const other: Array<{ name: string; type: string; i: number }> = [];
      asArray(workload.podSpec.volumes).forEach((volume: any, i) => {
        if (!volume || typeof volume !== 'object') return;
        for (const type of Object.keys(volume)) {
          if (type === 'name' || type === 'hostPath') continue;
          if (volume[type] === null || volume[type] === undefined) continue;
          if (ALLOWED_VOLUME_TYPES.has(type)) continue;
          other.push({ name: String(volume.name ?? `#${i}`), type, i });
        }
      });
      if (other.length === 0) continue;
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
