import { InfoCard } from '@backstage/core-components';
import { Grid } from '@material-ui/core';
import type { TeamScorecardResponse } from '@kube-security/plugin-kube-security-common';
import { CategoryBars } from './CategoryBars';
import { ChildTeams } from './ChildTeams';
import { ScoreHistoryChart } from './ScoreHistoryChart';
import { TeamEntities } from './TeamEntities';
import { TeamScoreHeader } from './TeamScoreHeader';
import { TopActions } from './TopActions';
import { useScorecardPages } from './useScorecardPages';
import { KubeSecurityErrorPanel } from '../common';

/** The full scorecard of a team, for the team view below the overview page. */
export const TeamScorecardView = ({
  scorecard,
}: {
  scorecard: TeamScorecardResponse;
}) => {
  const pages = useScorecardPages(scorecard);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={5}>
        <InfoCard title="Score">
          <TeamScoreHeader team={scorecard.team} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="By category">
          <CategoryBars categories={scorecard.categories} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Top actions"
          subheader="The most important open items across the team's entities"
        >
          <TopActions
            actions={pages.actions}
            total={pages.actionsTotal}
            onLoadAll={pages.loadAllActions}
            loading={pages.loading === 'actions'}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="Score history">
          <ScoreHistoryChart history={scorecard.history} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title="Child teams">
          <ChildTeams teams={scorecard.children} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Entities">
          <TeamEntities
            entities={pages.entities}
            total={pages.entitiesTotal}
            onLoadMore={pages.loadMoreEntities}
            loading={pages.loading === 'entities'}
          />
        </InfoCard>
      </Grid>
      {pages.error && (
        <Grid item xs={12}>
          <KubeSecurityErrorPanel error={pages.error} />
        </Grid>
      )}
    </Grid>
  );
};
