import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  either,
  gkeOf,
  isObject,
  lastSegment,
  list,
} from './descriptor';

/**
 * A cluster should not share its network (and so its firewall rules) with unrelated
 * resources: default networks and networks full of other workloads are flagged.
 */
export const dedicatedNetworkCheck: Check = {
  id: 'cloud-network-isolation/dedicated-network',
  itemId: 'cloud-network-isolation',
  run({ index, report }) {
    const resource = clusterResource(index);

    const eks = eksOf(index);
    if (eks) {
      const vpc = eks.account?.vpc;
      if (!isObject(vpc)) return false;
      const vpcId =
        vpc.vpcId ?? eks.cluster.resourcesVpcConfig?.vpcId ?? 'its VPC';
      const others =
        typeof vpc.otherWorkloads === 'number' ? vpc.otherWorkloads : undefined;
      if (vpc.isDefault === true) {
        report({
          message:
            `The EKS cluster runs in the account's default VPC (${vpcId}), which every ` +
            `resource created without an explicit network lands in${
              others ? `; ${others} other workloads share it.` : '.'
            }`,
          resource,
          evidencePath: 'account.vpc.isDefault',
        });
        return true;
      }
      if (others !== undefined && others > 0) {
        report({
          message:
            `The EKS cluster shares VPC ${vpcId} with ${others} unrelated workloads, ` +
            'so they sit behind the same subnets and network rules.',
          resource,
          evidencePath: 'account.vpc.otherWorkloads',
        });
        return true;
      }
      return vpc.isDefault === false || others === 0;
    }

    const gke = gkeOf(index);
    if (gke) {
      const c = gke.cluster;
      const network =
        typeof c.network === 'string'
          ? c.network
          : c.networkConfig?.network && lastSegment(c.networkConfig.network);
      if (!network) return false;
      if (network === 'default') {
        report({
          message:
            "The GKE cluster uses the project's `default` VPC network, whose subnets and " +
            'permissive default firewall rules (internal traffic and SSH allowed) are ' +
            'shared with every VM created without a network choice.',
          resource,
          evidencePath:
            typeof c.network === 'string'
              ? 'cluster.network'
              : 'cluster.networkConfig.network',
        });
      }
      return true;
    }

    const aks = aksOf(index);
    if (aks) {
      const vnet = aks.account?.vnet;
      if (isObject(vnet) && typeof vnet.otherWorkloads === 'number') {
        if (vnet.otherWorkloads > 0) {
          report({
            message:
              `The AKS agent pools sit in virtual network ${
                vnet.name ?? lastSegment(vnet.id)
              }, ` +
              `shared with ${vnet.otherWorkloads} unrelated workloads and their network ` +
              'security groups.',
            resource,
            evidencePath: 'account.vnet.otherWorkloads',
          });
        }
        return true;
      }
      const pools = list(aks.cluster.agentPoolProfiles);
      // Without a subnet of your own, AKS creates a VNet just for this cluster.
      if (
        pools.length &&
        pools.every(p => !either(p, 'vnetSubnetId', 'vnetSubnetID'))
      ) {
        return true;
      }
      return false;
    }
    return false;
  },
};
