import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { Box, Typography } from '@material-ui/core';
import { useParams } from 'react-router-dom';
import { kubeSecurityApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  PlanPdfDownload,
  fileNamePart,
  KubeSecurityErrorPanel,
  NoClustersEmptyState,
  PrintStyles,
} from '../common';
import {
  TeamNoEntitiesEmptyState,
  TeamNotFoundEmptyState,
  TeamScorecardView,
  useTeamScorecard,
} from '../TeamScorecard';

/** One team's scorecard, full page, below the overview (/teams/:namespace/:name). */
export const TeamPage = () => {
  const { namespace = 'default', name = '' } = useParams();
  const api = useApi(kubeSecurityApiRef);
  const overviewLink = useRouteRef(rootRouteRef)();
  const { value, loading, error } = useTeamScorecard(namespace, name);
  let team;
  if (value?.kind === 'scorecard') team = value.scorecard.team;
  else if (value?.kind === 'no-entities') team = value.team;
  const title = team ? team.title ?? team.name : name;

  let body;
  if (loading) body = <Progress />;
  else if (error) body = <KubeSecurityErrorPanel error={error} />;
  else if (!value || value.kind === 'no-clusters') {
    body = <NoClustersEmptyState />;
  } else if (value.kind === 'not-found') {
    body = <TeamNotFoundEmptyState teamRef={`group:${namespace}/${name}`} />;
  } else if (value.kind === 'no-entities') {
    body = <TeamNoEntitiesEmptyState teamName={title} />;
  } else {
    body = <TeamScorecardView scorecard={value.scorecard} />;
  }

  return (
    <Page themeId="tool">
      <Header
        title={title}
        subtitle="Team security scorecard"
        type="Kubernetes security"
        typeLink={overviewLink}
      />
      <Content>
        <Box data-ks-print-root>
          <PrintStyles />
          <Box data-ks-print="only" mb={2}>
            <Typography variant="h4">Security scorecard: {title}</Typography>
            <Typography variant="body2">
              group:{namespace}/{name}
            </Typography>
          </Box>
          <ContentHeader title="Scorecard">
            {value?.kind === 'scorecard' && (
              <PlanPdfDownload
                fileNameBase={`security-plan-group-${fileNamePart(
                  namespace,
                )}-${fileNamePart(name)}`.toLocaleLowerCase('en-US')}
                fetchBlob={layout =>
                  api.getTeamPlanPdf({ namespace, name }, layout)
                }
              />
            )}
          </ContentHeader>
          {body}
        </Box>
      </Content>
    </Page>
  );
};
