import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { KubeSecurityErrorPanel, useClusters } from '../common';

/**
 * The security scorecard of a team, for Group entity pages.
 *
 * @public
 */
export const EntityTeamSecurityScorecardCard = () => {
  const { entity } = useEntity();
  const { value, loading, error } = useClusters();

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <KubeSecurityErrorPanel error={error} />;
  } else if (!value || value.clusters.length === 0) {
    body = (
      <Typography variant="body2">
        No clusters are configured yet, so there is no score for{' '}
        {entity.metadata.title ?? entity.metadata.name}. Add clusters under{' '}
        <code>kubeSecurity</code> in <code>app-config.yaml</code>; the score appears
        after the first scan.
      </Typography>
    );
  } else {
    body = (
      <Typography variant="body2">
        No findings belong to the entities of{' '}
        {entity.metadata.title ?? entity.metadata.name} yet. Its score appears after a
        scan finds workloads of the components it owns.
      </Typography>
    );
  }
  return <InfoCard title="Security scorecard">{body}</InfoCard>;
};
