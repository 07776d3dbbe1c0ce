import type { Check } from '../../engine/check';
import {
  aksOf,
  eksOf,
  either,
  gkeOf,
  isDescribed,
  isObject,
  keyOf,
  list,
  nodePoolOf,
} from '../cloud/descriptor';

/** Effective private-nodes setting of a GKE node pool and where it was read. */
function gkePrivateNodes(
  cluster: any,
  pool: any,
  i: number,
): { value: unknown; path: string } {
  if (pool?.networkConfig?.enablePrivateNodes !== undefined) {
    return {
      value: pool.networkConfig.enablePrivateNodes,
      path: `cluster.nodePools[${i}].networkConfig.enablePrivateNodes`,
    };
  }
  if (cluster.networkConfig?.defaultEnablePrivateNodes !== undefined) {
    return {
      value: cluster.networkConfig.defaultEnablePrivateNodes,
      path: 'cluster.networkConfig.defaultEnablePrivateNodes',
    };
  }
  return {
    value: cluster.privateClusterConfig?.enablePrivateNodes,
    path: 'cluster.privateClusterConfig.enablePrivateNodes',
  };
}

/**
 * Worker nodes should have no public IP and no SSH port open to the world. Pools are
 * judged from the descriptor; Node objects catch the rest (e.g. EKS nodes in public
 * subnets), skipping nodes of pools already reported.
 */
export const publicNodeIpsCheck: Check = {
  id: 'cluster-private-access/public-node-ips',
  itemId: 'cluster-private-access',
  reads: ['Node'],
  run({ index, report }) {
    let evidence = false;
    const flaggedPools = new Set<string>();

    const gke = gkeOf(index);
    if (gke) {
      const c = gke.cluster;
      const pools = list(c.nodePools);
      pools.forEach((pool, i) => {
        const { value, path } = gkePrivateNodes(c, pool, i);
        if (value === undefined && !isDescribed(gke)) return;
        evidence = true;
        if (value === true) return;
        flaggedPools.add(pool.name);
        report({
          message: `Nodes of GKE node pool "${pool.name}" get public IP addresses; enable private nodes.`,
          resource: { kind: 'NodePool', name: String(pool.name) },
          evidencePath: path,
        });
      });
    }

    const aks = aksOf(index);
    if (aks) {
      list(aks.cluster.agentPoolProfiles).forEach((pool, i) => {
        if (!isObject(pool)) return;
        const publicIp = either(
          pool,
          'enableNodePublicIp',
          'enableNodePublicIP',
        );
        if (publicIp === undefined && !isDescribed(aks)) return;
        evidence = true;
        if (publicIp !== true) return;
        flaggedPools.add(pool.name);
        report({
          message: `Nodes of AKS agent pool "${pool.name}" get public IP addresses (node public IP is enabled).`,
          resource: { kind: 'AgentPool', name: String(pool.name) },
          evidencePath: `cluster.agentPoolProfiles[${i}].${keyOf(
            pool,
            'enableNodePublicIp',
            'enableNodePublicIP',
          )}`,
        });
      });
    }

    const eks = eksOf(index);
    if (eks) {
      // EKS opens port 22 to 0.0.0.0/0 when an SSH key is set without source groups.
      list(eks.nodegroups).forEach((group, i) => {
        const remote = group?.remoteAccess;
        if (
          !isObject(remote) ||
          !remote.ec2SshKey ||
          list(remote.sourceSecurityGroups).length
        )
          return;
        report({
          message:
            `EKS node group "${group.nodegroupName}" allows SSH with key "${remote.ec2SshKey}" ` +
            'and no source security groups, which opens port 22 on its nodes to 0.0.0.0/0.',
          resource: { kind: 'NodeGroup', name: String(group.nodegroupName) },
          evidencePath: `nodegroups[${i}].remoteAccess.sourceSecurityGroups`,
        });
        evidence = true;
      });
    }

    const nodes = index.ofKind('Node');
    if (nodes.length) evidence = true;
    for (const node of nodes) {
      const pool = nodePoolOf(node);
      if (pool && flaggedPools.has(pool)) continue;
      const addresses = list(node.status?.addresses);
      const at = addresses.findIndex(
        a => a?.type === 'ExternalIP' && a.address,
      );
      if (at < 0) continue;
      report({
        message: `Node ${node.metadata.name} has the public IP address ${addresses[at].address}.`,
        resource: { kind: 'Node', name: node.metadata.name },
        evidencePath: `status.addresses[${at}]`,
      });
    }
    return evidence;
  },
};
