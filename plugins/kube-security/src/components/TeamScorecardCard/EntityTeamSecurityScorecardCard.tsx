import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Divider, Typography } from '@material-ui/core';
import type { TeamScorecardResponse } from '@kube-security/plugin-kube-security-common';
import { KubeSecurityErrorPanel } from '../common';
import {
  CategoryBars,
  TeamScoreHeader,
  TopActions,
  useTeamLink,
  useTeamScorecard,
} from '../TeamScorecard';

/** Top actions shown on the card; the full view has five. */
const CARD_ACTIONS = 3;

const CompactScorecard = ({
  scorecard,
}: {
  scorecard: TeamScorecardResponse;
}) => (
  <Box>
    <TeamScoreHeader team={scorecard.team} size="small" />
    {scorecard.children.length > 0 && (
      <Typography variant="body2" color="textSecondary">
        Rolled up from {scorecard.children.length} child team
        {scorecard.children.length === 1 ? '' : 's'}.
      </Typography>
    )}
    <Box my={2}>
      <CategoryBars categories={scorecard.categories} />
    </Box>
    <Divider />
    <Box mt={2}>
      <Typography variant="subtitle2" gutterBottom>
        Most important next steps
      </Typography>
      <TopActions actions={scorecard.topActions} limit={CARD_ACTIONS} compact />
    </Box>
  </Box>
);

/**
 * The security scorecard of a team, for Group entity pages.
 *
 * @public
 */
export const EntityTeamSecurityScorecardCard = () => {
  const { entity } = useEntity();
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const name = entity.metadata.name;
  const teamName = entity.metadata.title ?? name;
  const { value, loading, error } = useTeamScorecard(namespace, name);
  const teamLink = useTeamLink();
  const link = teamLink(`group:${namespace}/${name}`);

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <KubeSecurityErrorPanel error={error} />;
  } else if (!value || value.kind === 'no-clusters') {
    body = (
      <Typography variant="body2">
        No clusters are configured yet, so there is no score for {teamName}. Add
        clusters under <code>kubeSecurity</code> in <code>app-config.yaml</code>
        ; the score appears after the first scan.
      </Typography>
    );
  } else if (value.kind === 'no-entities' || value.kind === 'not-found') {
    // On a Group's own page the group exists: unknown to the backend means not mapped yet.
    body = (
      <Typography variant="body2">
        No findings belong to the entities of {teamName} yet. Its score appears
        after a scan finds workloads of the components it owns.
      </Typography>
    );
  } else {
    body = <CompactScorecard scorecard={value.scorecard} />;
  }

  return (
    <InfoCard
      title="Security scorecard"
      deepLink={
        link && value?.kind === 'scorecard'
          ? { title: 'View full scorecard', link }
          : undefined
      }
    >
      {body}
    </InfoCard>
  );
};
