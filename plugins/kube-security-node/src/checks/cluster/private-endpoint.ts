import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  gkeOf,
  isDescribed,
  isObject,
} from '../cloud/descriptor';

/**
 * On EKS the private endpoint keeps node and in-VPC traffic to the API server inside the
 * VPC; with it disabled, the public endpoint is the only way in, for nodes too. GKE and AKS
 * have no such switch apart from the endpoint's exposure, which the public-endpoint check
 * judges, so there is nothing more to report on them.
 */
export const privateEndpointCheck: Check = {
  id: 'cluster-private-access/private-endpoint',
  itemId: 'cluster-private-access',
  run({ index, report }) {
    const eks = eksOf(index);
    if (eks) {
      const vpc = eks.cluster.resourcesVpcConfig;
      if (!isObject(vpc) || typeof vpc.endpointPrivateAccess !== 'boolean') {
        return false;
      }
      if (!vpc.endpointPrivateAccess) {
        report({
          message:
            'Private endpoint access is disabled on the EKS cluster: nodes and everything else reach the API server through its public endpoint.',
          resource: clusterResource(index),
          evidencePath: 'cluster.resourcesVpcConfig.endpointPrivateAccess',
        });
      }
      return true;
    }
    const other = gkeOf(index) ?? aksOf(index);
    return other !== undefined && isDescribed(other);
  },
};
