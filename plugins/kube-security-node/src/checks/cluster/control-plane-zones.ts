import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  gkeOf,
  isDescribed,
} from '../cloud/descriptor';

/** A GKE location that is a zone (`europe-west1-b`) rather than a region (`europe-west1`). */
export function isGcpZone(location: string): boolean {
  return /^[a-z]+-[a-z]+\d+-[a-z]$/.test(location);
}

/**
 * The control plane should survive the loss of a zone. EKS always spreads it over
 * three zones; GKE does so only for regional clusters; on AKS the tier decides.
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
      const tier = aks.cluster.sku?.tier;
      if (typeof tier !== 'string') return false;
      if (tier === 'Free') {
        report({
          status: 'warn',
          severity: 'medium',
          message:
            'The AKS cluster is on the Free tier, which has no uptime SLA for the API ' +
            'server; the Standard or Premium tier backs a zone-redundant control plane with one.',
          resource,
          evidencePath: 'cluster.sku.tier',
        });
      }
      return true;
    }
    return false;
  },
};
