import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  KubernetesApiCollector,
  KubernetesClusterConfig,
} from '@kube-security/plugin-kube-security-node';
import type { ApiClusterConfig } from '../config/readConfig';

/** The live-cluster collector for the clusters configured under kubeSecurity.clusters. */
export function createApiClusterCollector(
  clusters: ApiClusterConfig[],
  logger?: LoggerService,
): KubernetesApiCollector {
  const configs: KubernetesClusterConfig[] = clusters.map(c =>
    c.url
      ? {
          name: c.name,
          provider: c.provider,
          frequency: c.frequency,
          url: c.url,
          serviceAccountToken: c.serviceAccountToken ?? '',
          caData: c.caData,
          skipTLSVerify: c.skipTLSVerify,
        }
      : {
          name: c.name,
          provider: c.provider,
          frequency: c.frequency,
          kubeconfigPath: c.kubeconfigPath,
          context: c.context,
        },
  );
  return new KubernetesApiCollector(configs, { logger });
}
