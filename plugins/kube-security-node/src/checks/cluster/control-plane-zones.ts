import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  gkeOf,
  isDescribed,
  isObject,
  list,
} from '../cloud/descriptor';

/** A GKE location that is a zone (`europe-west1-b`) rather than a region (`europe-west1`). */
export function isGcpZone(location: string): boolean {
  return /^[a-z]+-[a-z]+\d+-[a-z]$/.test(location);
}

/**
 * The control plane should survive the loss of a zone. EKS always spreads it over
 * three zones; GKE does so only for regional clusters; AKS replicates it over the zones
 * of its region, which the availability zones of the agent pools show.
 */
export const controlPlaneZonesCheck: Check = {
  id: 'cluster-multi-zone/control-plane-zones',
  itemId: 'cluster-multi-zone',
  run({ index, report }) {
    const resource = clusterResource(index);

    const eks = eksOf(index);
    if (eks) return isDescribed(eks);

    const gke = gkeOf(index);
    if (gke) {
      const c = gke.cluster;
      const field = typeof c.location === 'string' ? 'location' : 'zone';
      const location = c[field];
      if (typeof location !== 'string') return false;
      if (isGcpZone(location)) {
        report({
          message:
            `The GKE cluster is zonal (${location}): its control plane runs in that one ` +
            'zone, so a zone outage or upgrade makes the API unavailable. Regional clusters ' +
            'replicate it across three zones.',
          resource,
          evidencePath: `cluster.${field}`,
        });
      }
      return true;
    }

    const aks = aksOf(index);
    if (aks) {
      const pools = list(aks.cluster.agentPoolProfiles).filter(isObject);
      const zoned = pools.find(pool => list(pool.availabilityZones).length);
      if (zoned) return true;
      // Without zones on any pool the answer is "none" only in a complete `az aks show`
      // (it prints null) or when a pool states it; a partial descriptor says nothing.
      if (
        !pools.length ||
        (!isDescribed(aks) && !pools.some(pool => 'availabilityZones' in pool))
      ) {
        return false;
      }
      report({
        status: 'warn',
        severity: 'medium',
        message:
          'No agent pool of the AKS cluster uses availability zones, so nothing shows that ' +
          'the cluster runs in zones: Microsoft spreads the control plane over the zones of ' +
          'regions that have them, and a cluster built with --zones both confirms it and ' +
          'spreads its nodes.',
        resource,
        evidencePath: 'cluster.agentPoolProfiles',
      });
      return true;
    }
    return false;
  },
};
