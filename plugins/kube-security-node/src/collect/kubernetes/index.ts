export {
  KubernetesApiCollector,
  type KubernetesApiCollectorOptions,
} from './KubernetesApiCollector';
export {
  collectFromKubeconfig,
  guessProvider,
  type CollectFromKubeconfigOptions,
  type KubeconfigCollection,
} from './collectFromKubeconfig';
export type { KubernetesContribution } from './collectCluster';
export type {
  KubernetesClusterConfig,
  KubernetesKubeconfigClusterConfig,
  KubernetesTokenClusterConfig,
} from './config';
export {
  KubernetesCollectError,
  type KubernetesCollectErrorCode,
} from './errors';
export { COLLECTED_KINDS, type CollectedKind } from './kinds';
export {
  DEFAULT_REQUEST_OPTIONS,
  type KubernetesRequestOptions,
  type ResolvedRequestOptions,
} from './transport';
