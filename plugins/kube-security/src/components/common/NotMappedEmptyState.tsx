import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { Typography } from '@material-ui/core';

const EXAMPLE_ANNOTATIONS = `metadata:
  annotations:
    # workloads labelled backstage.io/kubernetes-id: <value> belong to this entity
    backstage.io/kubernetes-id: my-service
    # or select them with a label selector:
    # backstage.io/kubernetes-label-selector: 'app.kubernetes.io/name=my-service'
    # optionally narrow to one namespace or cluster:
    # backstage.io/kubernetes-namespace: payments
    # backstage.io/kubernetes-cluster: prod-eu`;

/** Shown on entities that name no workload: explains the annotations to add. */
export const NotMappedEmptyState = () => (
  <EmptyState
    missing="field"
    title="This entity is not linked to any Kubernetes workload"
    description={
      <>
        <Typography variant="body1" paragraph>
          Findings are matched to catalog entities with the same annotations as the
          Backstage Kubernetes plugin. Add one of them to this entity&apos;s{' '}
          <code>catalog-info.yaml</code> and label the workloads to match.
        </Typography>
        <CodeSnippet language="yaml" text={EXAMPLE_ANNOTATIONS} showCopyCodeButton />
      </>
    }
  />
);
