/**
 * Kube Security backend module for Azure: live AKS posture through Azure Resource Manager.
 *
 * @packageDocumentation
 */
export {
  kubeSecurityModuleAzure as default,
  createKubeSecurityAzureModule,
  type KubeSecurityAzureModuleOptions,
} from './module';
export type { AzureClientOptions } from './collector/armClients';
export {
  AzureAksCollector,
  type AzureAksCollectorOptions,
} from './collector/AzureAksCollector';
export {
  AzureCollectError,
  type AzureCollectErrorCode,
} from './collector/errors';
export {
  readAzureConfig,
  AzureConfigError,
  type AzureClusterConfig,
  type AzureSubscriptionConfig,
} from './config';
