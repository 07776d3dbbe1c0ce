import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  gkeOf,
  isObject,
  list,
  zoneOf,
} from '../cloud/descriptor';

/**
 * Worker nodes should span at least two zones so that one zone failing leaves
 * capacity elsewhere. Pools are judged from the descriptor where it says where they
 * run (GKE, AKS); otherwise the zone labels of the Node objects decide.
 */
export const nodeZonesCheck: Check = {
  id: 'cluster-multi-zone/node-zones',
  itemId: 'cluster-multi-zone',
  reads: ['Node'],
  run({ index, report }) {
    let poolsJudged = false;

    const gke = gkeOf(index);
    if (gke) {
      const c = gke.cluster;
      const clusterLocations = list(c.locations);
      const pools = list(c.nodePools);
      pools.forEach((pool, i) => {
        const own = list(pool?.locations);
        const locations = own.length ? own : clusterLocations;
        if (!locations.length) return;
        poolsJudged = true;
        if (locations.length >= 2) return;
        report({
          message: `GKE node pool "${pool.name}" runs in a single zone (${locations[0]}).`,
          resource: { kind: 'NodePool', name: String(pool.name) },
          evidencePath: own.length
            ? `cluster.nodePools[${i}].locations`
            : 'cluster.locations',
        });
      });
      if (!pools.length && clusterLocations.length) {
        poolsJudged = true;
        if (clusterLocations.length < 2) {
          report({
            message: `The GKE cluster's nodes run in a single zone (${clusterLocations[0]}).`,
            resource: clusterResource(index),
            evidencePath: 'cluster.locations',
          });
        }
      }
    }

    const aks = aksOf(index);
    if (aks) {
      list(aks.cluster.agentPoolProfiles).forEach((pool, i) => {
        if (!isObject(pool) || !('availabilityZones' in pool)) return;
        poolsJudged = true;
        const zones = list(pool.availabilityZones);
        if (zones.length >= 2) return;
        report({
          message: zones.length
            ? `AKS agent pool "${pool.name}" is pinned to availability zone ${zones[0]} only.`
            : `AKS agent pool "${pool.name}" uses no availability zones, so all its nodes can sit in one datacenter.`,
          resource: { kind: 'AgentPool', name: String(pool.name) },
          evidencePath: `cluster.agentPoolProfiles[${i}].availabilityZones`,
        });
      });
    }

    const eks = eksOf(index);
    let eksSingleSubnet = false;
    if (eks) {
      // A node group with one subnet cannot span zones; with several it may or may not.
      list(eks.nodegroups).forEach((group, i) => {
        const subnets = list(group?.subnets);
        if (subnets.length !== 1) return;
        eksSingleSubnet = true;
        report({
          message: `EKS node group "${group.nodegroupName}" has a single subnet (${subnets[0]}), so all its nodes run in one availability zone.`,
          resource: { kind: 'NodeGroup', name: String(group.nodegroupName) },
          evidencePath: `nodegroups[${i}].subnets`,
        });
      });
    }
    if (poolsJudged) return true;

    const zones = new Set<string>();
    for (const node of index.ofKind('Node')) {
      const zone = zoneOf(node);
      if (zone) zones.add(zone);
    }
    if (!zones.size) return eksSingleSubnet;
    if (zones.size < 2) {
      report({
        message: `Every node of the cluster is in zone ${[...zones][0]}.`,
        resource: clusterResource(index),
        evidencePath: "metadata.labels['topology.kubernetes.io/zone']",
      });
    }
    return true;
  },
};
