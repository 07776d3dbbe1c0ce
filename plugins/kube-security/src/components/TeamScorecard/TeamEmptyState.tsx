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

/** A team the backend does not know: not a Group of the catalog, or hidden from the caller. */
export const TeamNotFoundEmptyState = ({ teamRef }: { teamRef: string }) => (
  <EmptyState
    missing="info"
    title={`Team not found: ${teamRef}`}
    description="No Group by this name is in the catalog that Kube Security read, or you are not allowed to see it. Check the namespace and name in the address, or pick a team from the overview."
  />
);
