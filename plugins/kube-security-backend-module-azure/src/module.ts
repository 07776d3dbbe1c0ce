import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { TokenCredential } from '@azure/core-auth';
import { kubeSecurityCollectorsExtensionPoint } from '@kube-security/plugin-kube-security-node';
import type { AzureClientOptions } from './collector/armClients';
import { AzureAksCollector } from './collector/AzureAksCollector';
import { readAzureConfig } from './config';

/**
 * Options of {@link createKubeSecurityAzureModule}.
 *
 * @public
 */
export interface KubeSecurityAzureModuleOptions {
  /** Token source instead of DefaultAzureCredential (a host's own credential, tests). */
  credential?: TokenCredential;
  /** TLS and retry settings of the ARM clients. */
  clientOptions?: AzureClientOptions;
}

/**
 * Builds the Kube Security AKS module. Most installations use the default export; this
 * factory is for hosts that bring their own Azure credential or TLS trust.
 *
 * @public
 */
export function createKubeSecurityAzureModule(
  options: KubeSecurityAzureModuleOptions = {},
) {
  return createBackendModule({
    pluginId: 'kube-security',
    moduleId: 'azure',
    register(env) {
      env.registerInit({
        deps: {
          collectors: kubeSecurityCollectorsExtensionPoint,
          config: coreServices.rootConfig,
          logger: coreServices.logger,
        },
        async init({ collectors, config, logger }) {
          const subscriptions = readAzureConfig(config);
          if (!subscriptions.length) return;
          collectors.addCollector(
            new AzureAksCollector(subscriptions, { ...options, logger }),
          );
          const clusters = subscriptions.reduce(
            (n, s) => n + s.clusters.length,
            0,
          );
          logger.info(
            `Kube Security reads ${clusters} AKS cluster(s) in ${subscriptions.length} Azure subscription(s)`,
          );
        },
      });
    },
  });
}

/**
 * Live AKS posture for Kube Security, configured under `kubeSecurity.azure`.
 *
 * @public
 */
export const kubeSecurityModuleAzure = createKubeSecurityAzureModule();
