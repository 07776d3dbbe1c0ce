export { NoClustersEmptyState } from './NoClustersEmptyState';
export { NotMappedEmptyState } from './NotMappedEmptyState';
export { KubeSecurityErrorPanel } from './ErrorPanel';
export { useClusters } from './useClusters';
export {
  isKubeSecurityAvailable,
  isClusterResource,
  CLUSTER_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from './entityMapping';
