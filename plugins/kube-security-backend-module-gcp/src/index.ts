/**
 * Live GKE and Google Cloud project posture for Kube Security.
 *
 * @packageDocumentation
 */

export { kubeSecurityModuleGcp as default } from './module';
export {
  GkeCollector,
  IAM_POLICY_KIND,
  type GkeCollectorOptions,
} from './collector/GkeCollector';
export {
  readGcpConfig,
  type GcpProjectConfig,
  type GkeClusterConfig,
  type GcpEndpoint,
} from './config';
export type { RetryOptions } from './collector/errors';
