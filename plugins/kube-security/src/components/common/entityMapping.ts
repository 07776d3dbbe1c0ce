import { Entity } from '@backstage/catalog-model';

/** Annotations shared with the Backstage Kubernetes plugin. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
/** Names the cluster a kubernetes-cluster Resource stands for. */
export const CLUSTER_ANNOTATION = 'kube-security.io/cluster';

/** A Resource that represents a whole cluster (it owns cluster and cloud findings). */
export function isClusterResource(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    (entity.spec as { type?: string } | undefined)?.type ===
      'kubernetes-cluster'
  );
}

/**
 * Whether findings can be mapped to this entity: it names its workloads, or it is a
 * cluster Resource. Use it with `EntitySwitch` to show the Security tab only where it can
 * say something.
 *
 * @public
 */
export function isKubeSecurityAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION] ||
      annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION] ||
      isClusterResource(entity),
  );
}
