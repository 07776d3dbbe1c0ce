import { EmptyState } from '@backstage/core-components';
import { ScrollableCode } from './ScrollableCode';
import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  isClusterResource,
  CLUSTER_ANNOTATION,
} from './entityMapping';

const EXAMPLE_ANNOTATIONS = `metadata:
  annotations:
    # workloads labelled backstage.io/kubernetes-id: <value> belong to this entity
    backstage.io/kubernetes-id: my-service
    # or select them with a label selector:
    # backstage.io/kubernetes-label-selector: 'app.kubernetes.io/name=my-service'
    # optionally narrow to one namespace or cluster:
    # backstage.io/kubernetes-namespace: payments
    # backstage.io/kubernetes-cluster: prod-eu`;

function whatWasLookedFor(entity: Entity): string {
  const annotations = entity.metadata.annotations ?? {};
  if (isClusterResource(entity)) {
    const cluster = annotations[CLUSTER_ANNOTATION] ?? entity.metadata.name;
    return `a scanned cluster named "${cluster}"`;
  }
  if (annotations[KUBERNETES_ID_ANNOTATION]) {
    return `workloads labelled ${KUBERNETES_ID_ANNOTATION}=${annotations[KUBERNETES_ID_ANNOTATION]}`;
  }
  return `workloads matching the label selector "${annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]}"`;
}

/**
 * Shown on entities that are not linked to anything the scans saw. Without an
 * entity it explains the annotations to add; with one (it is annotated, but no
 * scan found a match) it says what was looked for.
 */
export const NotMappedEmptyState = ({
  entity,
  clusterNames,
}: {
  entity?: Entity;
  clusterNames?: string[];
}) => {
  if (entity) {
    const where =
      clusterNames && clusterNames.length > 0
        ? ` in the scanned clusters (${clusterNames.join(', ')})`
        : '';
    return (
      <EmptyState
        missing="data"
        title="No scanned workload matches this entity"
        description={`Kube Security looked for ${whatWasLookedFor(
          entity,
        )}${where} and found none. Check that the workloads carry the same labels as the annotation, and that backstage.io/kubernetes-namespace or backstage.io/kubernetes-cluster, when set, name the right places.`}
        action={
          <ScrollableCode
            language="yaml"
            text={EXAMPLE_ANNOTATIONS}
            label="Example annotations"
          />
        }
      />
    );
  }
  return (
    <EmptyState
      missing="field"
      title="This entity is not linked to any Kubernetes workload"
      description="Findings are matched to catalog entities with the same annotations as the Backstage Kubernetes plugin. Add one of them to this entity's catalog-info.yaml and label the workloads to match."
      action={
        <ScrollableCode
          language="yaml"
          text={EXAMPLE_ANNOTATIONS}
          label="Example annotations"
        />
      }
    />
  );
};
