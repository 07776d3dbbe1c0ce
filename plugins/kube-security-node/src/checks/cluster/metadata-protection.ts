import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  gkeOf,
  isObject,
  list,
} from '../cloud/descriptor';

/**
 * Pods should not be able to read the node's credentials from the instance metadata
 * service. EKS: IMDSv2 only with a hop limit of 1; GKE: the GKE metadata server on every
 * pool; AKS: pod access to link-local addresses blocked.
 */
export const metadataProtectionCheck: Check = {
  id: 'cluster-node-least-privilege/metadata-protection',
  itemId: 'cluster-node-least-privilege',
  run({ index, report }) {
    const eks = eksOf(index);
    if (eks) {
      if (!list(eks.launchTemplates).some(isObject)) return false;
      list(eks.launchTemplates).forEach((lt, i) => {
        const options = lt?.metadataOptions;
        if (!isObject(options) || options.httpEndpoint === 'disabled') return;
        const problems: string[] = [];
        let path = '';
        if (options.httpTokens !== 'required') {
          problems.push(
            `IMDSv1 is allowed (httpTokens is ${
              options.httpTokens ?? 'not set'
            })`,
          );
          path = `launchTemplates[${i}].metadataOptions.httpTokens`;
        }
        const hops = options.httpPutResponseHopLimit;
        if (typeof hops === 'number' && hops > 1) {
          problems.push(
            `the hop limit of ${hops} lets pods reach the service through the node`,
          );
          path ||= `launchTemplates[${i}].metadataOptions.httpPutResponseHopLimit`;
        }
        if (!problems.length) return;
        const name =
          lt.name ?? lt.launchTemplateName ?? lt.id ?? lt.launchTemplateId;
        report({
          message: `EKS launch template "${name}" exposes instance metadata to pods: ${problems.join(
            '; ',
          )}.`,
          resource: { kind: 'LaunchTemplate', name: String(name) },
          evidencePath: path,
        });
      });
      return true;
    }

    const gke = gkeOf(index);
    if (gke) {
      const c = gke.cluster;
      const pools = list(c.nodePools);
      if (!pools.length) return false;
      if (c.autopilot?.enabled === true) return true;
      pools.forEach((pool, i) => {
        const mode = pool?.config?.workloadMetadataConfig?.mode;
        if (mode === 'GKE_METADATA') return;
        report({
          message:
            `GKE node pool "${pool.name}" does not run the GKE metadata server ` +
            `(workload metadata mode ${
              mode ?? 'not set'
            }), so pods can read the node's credentials from the Compute Engine metadata server.`,
          resource: { kind: 'NodePool', name: String(pool.name) },
          evidencePath: `cluster.nodePools[${i}].config.workloadMetadataConfig.mode`,
        });
      });
      return true;
    }

    const aks = aksOf(index);
    if (aks) {
      const profile = aks.cluster.networkProfile;
      if (!isObject(profile)) return false;
      if (profile.podLinkLocalAccess === 'None') return true;
      report({
        status: 'warn',
        message:
          'Pods on the AKS cluster can reach the Azure instance metadata service ' +
          `(podLinkLocalAccess is ${
            profile.podLinkLocalAccess ?? 'not set, so IMDS is reachable'
          }) and request tokens for the kubelet identity.`,
        resource: clusterResource(index),
        evidencePath: 'cluster.networkProfile.podLinkLocalAccess',
      });
      return true;
    }
    return false;
  },
};
