import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  SupportButton,
} from '@backstage/core-components';
import { KubeSecurityErrorPanel, NoClustersEmptyState, useClusters } from '../common';
import { ClusterStatusTable } from './ClusterStatusTable';

/**
 * The org-wide security overview: every team's score, the clusters and the unowned findings.
 *
 * @public
 */
export const KubeSecurityPage = () => {
  const { value, loading, error } = useClusters();

  let body;
  if (loading) body = <Progress />;
  else if (error) body = <KubeSecurityErrorPanel error={error} />;
  else if (!value || value.clusters.length === 0) body = <NoClustersEmptyState />;
  else body = <ClusterStatusTable clusters={value.clusters} />;

  return (
    <Page themeId="tool">
      <Header
        title="Kubernetes security"
        subtitle="The security action plan of every team, most important first"
      />
      <Content>
        <ContentHeader title="Overview">
          <SupportButton>
            Scores come from the recommended practices for EKS, GKE and AKS clusters,
            evaluated on every scan of the configured clusters.
          </SupportButton>
        </ContentHeader>
        {body}
      </Content>
    </Page>
  );
};
