import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  either,
  gkeOf,
  isDescribed,
  isObject,
  isOpenCidr,
  keyOf,
  list,
} from '../cloud/descriptor';

/**
 * A public endpoint limited to trusted ranges meets the "restrict access" controls but not
 * the "private endpoint, public access disabled" ones: its warning answers only these (the
 * engine keeps the cluster's provider's one).
 */
export const PUBLIC_ACCESS_NOT_DISABLED = [
  'CIS EKS 5.4.2',
  'CIS GKE 5.6.4',
  'CIS AKS 5.4.2',
];

/**
 * The API server should not be reachable from the internet; a public endpoint limited
 * to known address ranges is tolerated with a warning, one open to 0.0.0.0/0 is not.
 */
export const publicEndpointCheck: Check = {
  id: 'cluster-private-access/public-endpoint',
  itemId: 'cluster-private-access',
  run({ index, report }) {
    const resource = clusterResource(index);

    const eks = eksOf(index);
    if (eks) {
      const vpc = eks.cluster.resourcesVpcConfig;
      if (!isObject(vpc) || typeof vpc.endpointPublicAccess !== 'boolean')
        return false;
      if (!vpc.endpointPublicAccess) return true;
      // AWS applies 0.0.0.0/0 when no CIDRs are given.
      const cidrs = Array.isArray(vpc.publicAccessCidrs)
        ? vpc.publicAccessCidrs
        : ['0.0.0.0/0'];
      const path = 'cluster.resourcesVpcConfig.publicAccessCidrs';
      if (cidrs.some(isOpenCidr)) {
        report({
          message: `The EKS API endpoint is public and open to 0.0.0.0/0${
            vpc.endpointPrivateAccess
              ? ''
              : ', and private access is off, so even nodes reach it over the internet'
          }.`,
          resource,
          evidencePath: path,
        });
      } else {
        report({
          status: 'warn',
          severity: 'medium',
          standards: PUBLIC_ACCESS_NOT_DISABLED,
          message: `The EKS API endpoint is public, limited to ${cidrs.join(
            ', ',
          )}; a private-only endpoint removes it from the internet entirely.`,
          resource,
          evidencePath: path,
        });
      }
      return true;
    }

    const gke = gkeOf(index);
    if (gke) {
      const c = gke.cluster;
      const ipEndpoints = c.controlPlaneEndpointsConfig?.ipEndpointsConfig;
      const isPrivate =
        c.privateClusterConfig?.enablePrivateEndpoint === true ||
        ipEndpoints?.enablePublicEndpoint === false ||
        ipEndpoints?.enabled === false;
      if (isPrivate) return true;
      const newStyle = isObject(ipEndpoints?.authorizedNetworksConfig);
      const networks = newStyle
        ? ipEndpoints.authorizedNetworksConfig
        : c.masterAuthorizedNetworksConfig;
      const base = newStyle
        ? 'cluster.controlPlaneEndpointsConfig.ipEndpointsConfig.authorizedNetworksConfig'
        : 'cluster.masterAuthorizedNetworksConfig';
      if (
        !isDescribed(gke) &&
        !isObject(networks) &&
        !isObject(c.privateClusterConfig)
      )
        return false;
      if (networks?.enabled !== true) {
        report({
          message:
            'The GKE control plane has a public endpoint and authorized networks are ' +
            'disabled, so any address on the internet can reach the API server.',
          resource,
          evidencePath: `${base}.enabled`,
        });
        return true;
      }
      const blocks = list(networks.cidrBlocks);
      const open = blocks.findIndex(b => isOpenCidr(b?.cidrBlock));
      if (open >= 0) {
        report({
          message:
            'The GKE control plane has a public endpoint whose authorized networks include 0.0.0.0/0.',
          resource,
          evidencePath: `${base}.cidrBlocks[${open}].cidrBlock`,
        });
      } else {
        const ranges = blocks.map(b => b?.cidrBlock).filter(Boolean);
        report({
          status: 'warn',
          severity: 'medium',
          standards: PUBLIC_ACCESS_NOT_DISABLED,
          message: `The GKE control plane has a public endpoint limited to ${
            ranges.length ? ranges.join(', ') : 'no external range'
          }${
            networks.gcpPublicCidrsAccessEnabled
              ? ' plus every Google Cloud public IP'
              : ''
          }; a private endpoint removes it from the internet entirely.`,
          resource,
          evidencePath: `${base}.cidrBlocks`,
        });
      }
      return true;
    }

    const aks = aksOf(index);
    if (aks) {
      const c = aks.cluster;
      if (!('apiServerAccessProfile' in c) && !isDescribed(aks)) return false;
      const profile = c.apiServerAccessProfile;
      if (profile?.enablePrivateCluster === true) return true;
      const rangesKey = keyOf(
        profile,
        'authorizedIpRanges',
        'authorizedIPRanges',
      );
      const ranges: string[] = list(
        either(profile, 'authorizedIpRanges', 'authorizedIPRanges'),
      );
      const path = `cluster.apiServerAccessProfile.${rangesKey}`;
      if (!ranges.length) {
        report({
          message:
            'The AKS API server is public and has no authorized IP ranges, so any address on the internet can reach it.',
          resource,
          evidencePath: isObject(profile)
            ? path
            : 'cluster.apiServerAccessProfile',
        });
      } else if (ranges.some(isOpenCidr)) {
        report({
          message:
            'The AKS API server is public and its authorized IP ranges include 0.0.0.0/0.',
          resource,
          evidencePath: path,
        });
      } else {
        report({
          status: 'warn',
          severity: 'medium',
          standards: PUBLIC_ACCESS_NOT_DISABLED,
          message: `The AKS API server is public, limited to ${ranges.join(
            ', ',
          )}; a private cluster removes it from the internet entirely.`,
          resource,
          evidencePath: path,
        });
      }
      return true;
    }
    return false;
  },
};
