import type { Check } from '../../engine/check';
import {
  aksOf,
  clusterResource,
  eksOf,
  gkeOf,
  isDescribed,
  isObject,
} from '../cloud/descriptor';

const GKE_SCANNING_MODES = new Set([
  'VULNERABILITY_BASIC',
  'VULNERABILITY_ENTERPRISE',
]);

/**
 * Images must be scanned for known vulnerabilities where they are stored and where they
 * run: ECR scan on push, GKE workload vulnerability scanning, Defender for Containers.
 */
export const registryScanningCheck: Check = {
  id: 'image-minimal-scanned-base/registry-scanning',
  itemId: 'image-minimal-scanned-base',
  run({ index, report }) {
    const eks = eksOf(index);
    if (eks) {
      const repositories = eks.account?.ecrRepositories;
      if (!Array.isArray(repositories)) return false;
      repositories.forEach((repo, i) => {
        if (
          !isObject(repo) ||
          repo.imageScanningConfiguration?.scanOnPush === true
        )
          return;
        report({
          message: `ECR repository ${repo.repositoryName} does not scan images on push.`,
          resource: {
            kind: 'ECRRepository',
            name: String(repo.repositoryName),
          },
          evidencePath: `account.ecrRepositories[${i}].imageScanningConfiguration.scanOnPush`,
        });
      });
      return true;
    }

    const gke = gkeOf(index);
    if (gke) {
      const mode = gke.cluster.securityPostureConfig?.vulnerabilityMode;
      if (GKE_SCANNING_MODES.has(mode)) return true;
      if (!isDescribed(gke) && mode === undefined) return false;
      report({
        message: `GKE workload vulnerability scanning is off (vulnerabilityMode is ${
          mode ?? 'not set'
        }), so images running in the cluster are not checked for known vulnerabilities.`,
        resource: clusterResource(index),
        evidencePath: 'cluster.securityPostureConfig.vulnerabilityMode',
      });
      return true;
    }

    const aks = aksOf(index);
    if (aks) {
      const defender = aks.cluster.securityProfile?.defender;
      if (defender?.securityMonitoring?.enabled === true) return true;
      if (!isDescribed(aks) && defender === undefined) return false;
      report({
        message:
          'Microsoft Defender for Containers is not enabled on the AKS cluster, so its images are not assessed for vulnerabilities.',
        resource: clusterResource(index),
        evidencePath: 'cluster.securityProfile.defender',
      });
      return true;
    }
    return false;
  },
};
