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

/**
 * Secrets in etcd should be envelope-encrypted with a key the organisation controls
 * (KMS, Cloud KMS, Key Vault), not only with the provider's own keys.
 */
export const secretsEncryptionCheck: Check = {
  id: 'cluster-security-features/secrets-encryption',
  itemId: 'cluster-security-features',
  run({ index, report }) {
    const resource = clusterResource(index);

    const eks = eksOf(index);
    if (eks) {
      const configs = eks.cluster.encryptionConfig;
      if (list(configs).some(cfg => list(cfg?.resources).includes('secrets')))
        return true;
      if (!isDescribed(eks) && configs === undefined) return false;
      report({
        message:
          'EKS envelope encryption of Secrets with a customer-managed KMS key is not ' +
          'configured (no encryptionConfig for "secrets"); only AWS-managed keys protect them.',
        resource,
        evidencePath: 'cluster.encryptionConfig',
      });
      return true;
    }

    const gke = gkeOf(index);
    if (gke) {
      const encryption = gke.cluster.databaseEncryption;
      if (encryption?.state === 'ENCRYPTED') return true;
      if (!isDescribed(gke) && !isObject(encryption)) return false;
      report({
        message:
          'GKE application-layer secrets encryption is off (databaseEncryption state ' +
          `${
            encryption?.state ?? 'not set'
          }): Secrets in etcd are protected only by Google-managed keys.`,
        resource,
        evidencePath: 'cluster.databaseEncryption.state',
      });
      return true;
    }

    const aks = aksOf(index);
    if (aks) {
      const security = aks.cluster.securityProfile;
      if (security?.azureKeyVaultKms?.enabled === true) return true;
      if (!isDescribed(aks) && !isObject(security)) return false;
      report({
        message:
          'AKS KMS etcd encryption with an Azure Key Vault key is not enabled, so Secrets ' +
          'are protected only by platform-managed keys.',
        resource,
        evidencePath: 'cluster.securityProfile.azureKeyVaultKms',
      });
      return true;
    }
    return false;
  },
};
