import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  gkeOf,
  isDescribed,
  isObject,
  list,
} from '../cloud/descriptor';

/** ServiceAccount annotation of IAM roles for service accounts (IRSA). */
const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

/**
 * Pods should get cloud credentials through the provider's workload identity, mapped
 * to their Kubernetes service account, instead of borrowing the node's identity.
 */
export const workloadIdentityCheck: Check = {
  id: 'cluster-security-features/workload-identity',
  itemId: 'cluster-security-features',
  reads: ['ServiceAccount'],
  run({ index, report }) {
    const resource = clusterResource(index);

    const gke = gkeOf(index);
    if (gke) {
      const c = gke.cluster;
      if (
        c.workloadIdentityConfig?.workloadPool ||
        c.autopilot?.enabled === true
      )
        return true;
      if (!isDescribed(gke) && !isObject(c.workloadIdentityConfig))
        return false;
      report({
        message:
          'Workload Identity Federation for GKE is not enabled (no workload pool), so pods ' +
          "can only reach Google Cloud APIs with the node's service account or exported keys.",
        resource,
        evidencePath: 'cluster.workloadIdentityConfig',
      });
      return true;
    }

    const aks = aksOf(index);
    if (aks) {
      const c = aks.cluster;
      const oidc = c.oidcIssuerProfile?.enabled;
      const wi = c.securityProfile?.workloadIdentity?.enabled;
      if (oidc === true && wi === true) return true;
      if (!isDescribed(aks) && oidc === undefined && wi === undefined)
        return false;
      report({
        message:
          oidc !== true
            ? 'The AKS OIDC issuer is disabled, so Microsoft Entra Workload ID cannot be used; pods fall back to the kubelet identity or stored secrets.'
            : 'Microsoft Entra Workload ID is not enabled on the AKS cluster (the OIDC issuer is on), so pods fall back to the kubelet identity or stored secrets.',
        resource,
        evidencePath:
          oidc !== true
            ? 'cluster.oidcIssuerProfile.enabled'
            : 'cluster.securityProfile.workloadIdentity.enabled',
      });
      return true;
    }

    const eks = eksOf(index);
    if (eks) {
      const podIdentity = list(eks.addons).some(
        a => a?.addonName === 'eks-pod-identity-agent',
      );
      const associations = list(eks.podIdentityAssociations).length > 0;
      const irsa = index
        .ofKind('ServiceAccount')
        .some(sa => Boolean(sa.metadata.annotations?.[IRSA_ANNOTATION]));
      if (podIdentity || associations || irsa) return true;
      if (!Array.isArray(eks.addons)) return false;
      report({
        message:
          'Neither EKS Pod Identity (eks-pod-identity-agent add-on) nor IAM roles for ' +
          "service accounts are in use, so pods reach AWS with the node's instance role.",
        resource,
        evidencePath: 'addons',
      });
      return true;
    }
    return false;
  },
};
