import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  SupportButton,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box } from '@material-ui/core';
import { kubeSecurityApiRef } from '../../api';
import {
  DownloadButton,
  KubeSecurityErrorPanel,
  NoClustersEmptyState,
  PrintStyles,
  useClusters,
} from '../common';
import { ClusterStatusStrip } from './ClusterStatusStrip';
import { TeamsTable } from './TeamsTable';
import { UnownedFindings } from './UnownedFindings';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The org-wide overview: clusters, every team's score, unowned findings. */
export const OverviewPage = () => {
  const api = useApi(kubeSecurityApiRef);
  const { value, loading, error, retry } = useClusters();

  let body;
  if (loading && !value) body = <Progress />;
  else if (error) body = <KubeSecurityErrorPanel error={error} />;
  else if (!value || value.clusters.length === 0) {
    body = <NoClustersEmptyState />;
  } else {
    body = (
      <>
        <Box mb={3}>
          <ClusterStatusStrip clusters={value.clusters} onScanned={retry} />
        </Box>
        <Box mb={3}>
          <TeamsTable clusters={value.clusters} />
        </Box>
        <UnownedFindings />
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Kubernetes security"
        subtitle="The security action plan of every team, most important first"
      />
      <Content>
        <Box data-ks-print-root>
          <PrintStyles />
          <ContentHeader title="Overview">
            <Box display="flex" style={{ gap: 8 }} data-ks-print="hide">
              <DownloadButton
                label="Export CSV"
                fileName={`kube-security-findings-${today()}.csv`}
                fetchBlob={() => api.exportCsv()}
              />
              <SupportButton>
                Scores come from the recommended practices for EKS, GKE and
                AKS clusters, evaluated on every scan of the configured
                clusters.
              </SupportButton>
            </Box>
          </ContentHeader>
          {body}
        </Box>
      </Content>
    </Page>
  );
};
