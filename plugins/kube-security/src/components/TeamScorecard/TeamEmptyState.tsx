import { EmptyState } from '@backstage/core-components';

/** A team none of whose entities (or child teams' entities) has findings. */
export const TeamNoEntitiesEmptyState = ({
  teamName,
}: {
  teamName: string;
}) => (
  <EmptyState
    missing="data"
    title={`No security findings for ${teamName} yet`}
    description={`The score of ${teamName} is rolled up from the Components and cluster Resources it owns, and those of its child teams. None of them has findings yet: check that they name this group in spec.owner and carry the backstage.io/kubernetes-id (or label selector) annotation that matches their workloads. The score appears after the next scan.`}
  />
);
