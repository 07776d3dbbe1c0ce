import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  KubernetesApiCollector,
  KubernetesClusterConfig,
} from '@kube-security/plugin-kube-security-node';
import type { Config } from '@backstage/config';
import type {
  ApiClusterConfig,
  KubeSecurityConfig,
} from '../config/readConfig';
import { kubernetesBackendAuthStrategies } from './kubernetesAuth';
import { KubernetesPluginCollector } from './KubernetesPluginCollector';

/**
 * The live-cluster collector for the clusters configured under kubeSecurity.clusters (the
 * Kubernetes plugin's clusters have their own collector).
 */
export function createApiClusterCollector(
  clusters: ApiClusterConfig[],
  logger?: LoggerService,
): KubernetesApiCollector {
  const configs: KubernetesClusterConfig[] = clusters
    .filter(c => !c.kubernetesPlugin)
    .map(c =>
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

/**
 * The collector of the Backstage Kubernetes plugin's clusters (its config clusters, and
 * its catalog clusters when a catalog locator is configured), or undefined when there are
 * none. Names and API servers configured under kubeSecurity are left to those entries.
 */
export function createKubernetesPluginCollector(
  settings: Pick<
    KubeSecurityConfig,
    'clusters' | 'snapshots' | 'kubernetesPluginCatalog'
  >,
  options: { config: Config; logger: LoggerService },
): KubernetesPluginCollector | undefined {
  const clusters = settings.clusters.flatMap(c =>
    c.kubernetesPlugin ? [c.kubernetesPlugin] : [],
  );
  if (!clusters.length && !settings.kubernetesPluginCatalog) return undefined;
  const own = settings.clusters.filter(c => !c.kubernetesPlugin);
  if (clusters.length) {
    options.logger.info(
      `Clusters of the Kubernetes plugin's config scanned: ${clusters
        .map(c => `${c.name} (${c.authProvider} auth)`)
        .join(', ')}`,
    );
  }
  return new KubernetesPluginCollector(clusters, {
    strategies: kubernetesBackendAuthStrategies(options),
    reserved: {
      names: new Set([...own, ...settings.snapshots].map(c => c.name)),
      urls: own.flatMap(c => (c.url ? [c.url] : [])),
    },
    catalog: settings.kubernetesPluginCatalog,
    logger: options.logger,
  });
}
