/**
 * Kube Security backend module for AWS: live EKS cluster and account posture, read with
 * the AWS SDK v3 and contributed through the collectors extension point.
 *
 * @packageDocumentation
 */

export { kubeSecurityModuleAws as default } from './module';
export {
  AwsEksCollector,
  type AwsEksCollectorOptions,
} from './collector/AwsEksCollector';
export {
  readAwsConfig,
  type AwsAccountConfig,
  type AwsClusterConfig,
  type AwsModuleConfig,
} from './config';
