import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  gkeOf,
  isObject,
  lastSegment,
  list,
} from '../cloud/descriptor';

const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** The Compute Engine default service account, which holds the Editor role by default. */
function isDefaultComputeAccount(account: unknown): boolean {
  return (
    account === undefined ||
    account === 'default' ||
    (typeof account === 'string' &&
      /-compute@developer\.gserviceaccount\.com$/.test(account))
  );
}

/**
 * Nodes should run with a dedicated, minimal identity, not a default or administrative
 * one, because every pod that escapes to the node inherits it.
 */
export const nodeIdentityCheck: Check = {
  id: 'cluster-node-least-privilege/node-identity',
  itemId: 'cluster-node-least-privilege',
  run({ index, report }) {
    const gke = gkeOf(index);
    if (gke) {
      const pools = list(gke.cluster.nodePools);
      if (!pools.length) return false;
      pools.forEach((pool, i) => {
        const account = pool?.config?.serviceAccount;
        if (!isDefaultComputeAccount(account)) return;
        const broad = list(pool?.config?.oauthScopes).includes(
          CLOUD_PLATFORM_SCOPE,
        );
        report({
          message:
            `GKE node pool "${pool.name}" runs as the Compute Engine default service account, ` +
            `which has the project Editor role by default${
              broad
                ? ', with the cloud-platform scope that lets it use all of it.'
                : '.'
            }`,
          resource: { kind: 'NodePool', name: String(pool.name) },
          evidencePath: `cluster.nodePools[${i}].config.serviceAccount`,
        });
      });
      return true;
    }

    const eks = eksOf(index);
    if (eks) {
      const groups = list(eks.nodegroups).filter(
        g => isObject(g) && typeof g.nodeRole === 'string',
      );
      if (!groups.length) return false;
      list(eks.nodegroups).forEach((group, i) => {
        if (
          typeof group?.nodeRole !== 'string' ||
          !/admin/i.test(lastSegment(group.nodeRole))
        )
          return;
        report({
          status: 'warn',
          severity: 'medium',
          message:
            `EKS node group "${
              group.nodegroupName
            }" uses the IAM role ${lastSegment(group.nodeRole)}, ` +
            'whose name suggests administrative rights; nodes need only the worker, CNI and ECR read-only policies.',
          resource: { kind: 'NodeGroup', name: String(group.nodegroupName) },
          evidencePath: `nodegroups[${i}].nodeRole`,
        });
      });
      return true;
    }

    const aks = aksOf(index);
    if (aks) {
      const c = aks.cluster;
      if (
        isObject(c.identityProfile?.kubeletidentity) ||
        c.servicePrincipalProfile?.clientId === 'msi'
      ) {
        return true;
      }
      const clientId = c.servicePrincipalProfile?.clientId;
      if (typeof clientId !== 'string') return false;
      report({
        status: 'warn',
        severity: 'medium',
        message:
          'The AKS cluster authenticates to Azure with a service principal whose secret ' +
          'must be rotated by hand; a managed kubelet identity can be scoped to just the roles nodes need.',
        resource: clusterResource(index),
        evidencePath: 'cluster.servicePrincipalProfile.clientId',
      });
      return true;
    }
    return false;
  },
};
