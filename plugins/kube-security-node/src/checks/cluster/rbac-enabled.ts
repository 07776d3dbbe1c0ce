import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  either,
  gkeOf,
  isDescribed,
  keyOf,
} from '../cloud/descriptor';

/**
 * Kubernetes RBAC must be the authorizer. EKS always uses it; GKE can still have the
 * legacy ABAC authorizer on; AKS clusters can be created without RBAC.
 */
export const rbacEnabledCheck: Check = {
  id: 'cluster-security-features/rbac-enabled',
  itemId: 'cluster-security-features',
  run({ index, report }) {
    const resource = clusterResource(index);

    const eks = eksOf(index);
    if (eks) return isDescribed(eks);

    const gke = gkeOf(index);
    if (gke) {
      const abac = gke.cluster.legacyAbac?.enabled;
      if (abac === true) {
        report({
          message:
            'Legacy ABAC is enabled on the GKE cluster: it grants static permissions ' +
            'beside RBAC that Roles and RoleBindings cannot narrow.',
          resource,
          evidencePath: 'cluster.legacyAbac.enabled',
        });
        return true;
      }
      return abac === false || isDescribed(gke);
    }

    const aks = aksOf(index);
    if (aks) {
      const rbac = either(aks.cluster, 'enableRbac', 'enableRBAC');
      if (typeof rbac !== 'boolean') return false;
      if (!rbac) {
        report({
          message:
            'Kubernetes RBAC is disabled on the AKS cluster, so any authenticated identity ' +
            'can do anything; RBAC can only be turned on by recreating the cluster.',
          resource,
          evidencePath: `cluster.${keyOf(
            aks.cluster,
            'enableRbac',
            'enableRBAC',
          )}`,
        });
      }
      return true;
    }
    return false;
  },
};
