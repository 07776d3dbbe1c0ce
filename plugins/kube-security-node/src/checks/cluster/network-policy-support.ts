import { parse as parseYaml } from 'yaml';
import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  gkeOf,
  isDescribed,
  isObject,
} from '../cloud/descriptor';

/** DaemonSets of network plugins that enforce NetworkPolicy objects. */
const ENFORCING_CNI_DAEMONSETS = new Set([
  'calico-node',
  'cilium',
  'anetd', // GKE Dataplane V2
  'antrea-agent',
  'kube-router',
  'weave-net',
  'canal',
  'azure-npm',
]);

const AKS_POLICY_ENGINES = new Set(['calico', 'azure', 'cilium']);

/** vpc-cni add-on `configurationValues` (a JSON or YAML string) turning on policy enforcement. */
function vpcCniEnforces(addon: any): boolean {
  const raw = addon?.configurationValues;
  if (typeof raw !== 'string' || !raw.trim()) return false;
  try {
    const values = parseYaml(raw); // YAML parses the JSON form too
    return isObject(values) && String(values.enableNetworkPolicy) === 'true';
  } catch {
    return false;
  }
}

/**
 * NetworkPolicy objects do nothing unless the network plugin enforces them, so the
 * cluster must run one that does.
 */
export const networkPolicySupportCheck: Check = {
  id: 'cluster-security-features/network-policy-support',
  itemId: 'cluster-security-features',
  reads: ['DaemonSet'],
  run({ index, report }) {
    const resource = clusterResource(index);
    const cniDaemonSet = index
      .ofKind('DaemonSet')
      .find(ds => ENFORCING_CNI_DAEMONSETS.has(ds.metadata.name));
    if (cniDaemonSet) return true;

    const gke = gkeOf(index);
    if (gke) {
      const c = gke.cluster;
      if (
        c.networkPolicy?.enabled === true ||
        c.networkConfig?.datapathProvider === 'ADVANCED_DATAPATH'
      ) {
        return true;
      }
      if (
        !isDescribed(gke) &&
        !isObject(c.networkPolicy) &&
        !isObject(c.networkConfig)
      )
        return false;
      report({
        message:
          'The GKE cluster enforces no NetworkPolicy: neither network policy enforcement ' +
          'nor GKE Dataplane V2 is enabled.',
        resource,
        evidencePath: 'cluster.networkPolicy',
      });
      return true;
    }

    const aks = aksOf(index);
    if (aks) {
      const profile = aks.cluster.networkProfile;
      if (!isObject(profile)) return false;
      if (
        AKS_POLICY_ENGINES.has(String(profile.networkPolicy).toLowerCase()) ||
        String(profile.networkDataplane).toLowerCase() === 'cilium'
      ) {
        return true;
      }
      report({
        message:
          `The AKS cluster has no network policy engine (networkPolicy is ${
            profile.networkPolicy ?? 'not set'
          }), ` + 'so NetworkPolicy objects are accepted but never enforced.',
        resource,
        evidencePath: 'cluster.networkProfile.networkPolicy',
      });
      return true;
    }

    const eks = eksOf(index);
    if (eks) {
      const addons = eks.addons;
      if (!Array.isArray(addons)) return false;
      const at = addons.findIndex(a => a?.addonName === 'vpc-cni');
      if (at >= 0 && vpcCniEnforces(addons[at])) return true;
      report({
        message:
          at >= 0
            ? 'The EKS vpc-cni add-on runs without network policy enforcement (enableNetworkPolicy is not "true"), and no other policy-enforcing network plugin was found.'
            : 'No network plugin that enforces NetworkPolicy was found on the EKS cluster (no vpc-cni add-on with network policy, no Calico or Cilium).',
        resource,
        evidencePath: at >= 0 ? `addons[${at}].configurationValues` : 'addons',
      });
      return true;
    }

    // No descriptor: only a whole-cluster snapshot proves that no such plugin runs.
    if (
      index.snapshot.scope !== 'cluster' ||
      !index.canRead('DaemonSet') ||
      !index.ofKind('DaemonSet').length
    ) {
      return false;
    }
    report({
      message:
        'No network plugin that enforces NetworkPolicy (Calico, Cilium, Antrea, kube-router, Weave Net) runs in the cluster.',
      resource,
    });
    return true;
  },
};
