import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  SupportButton,
} from '@backstage/core-components';
import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { makeStyles } from '@material-ui/core/styles';
import type { ClustersResponse } from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import {
  DownloadButton,
  KubeSecurityErrorPanel,
  NoClustersEmptyState,
  PrintStyles,
  useClusters,
} from '../common';
import { ClusterStatusStrip } from './ClusterStatusStrip';
import { HeadlineStrip } from './HeadlineStrip';
import {
  ActiveExceptions,
  OpenFindingsList,
  UnownedFindings,
} from './LazySections';
import { MappingConflictsNotice } from './MappingConflictsNotice';
import { SecurityTabs } from './SecurityTabs';
import { TeamsTable } from './TeamsTable';
import {
  hasFilters,
  teamsQueryOf,
  useTeamsTableState,
} from './teamsQueryState';
import { useTreeTeams } from './useTreeTeams';
import {
  EarlyRequest,
  forgetOverviewRequests,
  overviewRequests,
} from './earlyRequests';

// Static classes rather than Material UI's Box: each Box makes a style sheet of its own when
// it first renders, which the overview's first render paid for every section.
const useStyles = makeStyles(theme => ({
  root: { marginTop: theme.spacing(2) },
  section: { marginBottom: theme.spacing(3) },
  actions: { display: 'flex', gap: 8 },
}));

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** How often the cluster strip refreshes while a scan is queued or running. */
export const SCAN_POLL_MS = 5_000;
/** How long after "Scan now" to keep looking for the scan to show up. */
const SCAN_WATCH_MS = 2 * 60_000;

/**
 * The clusters, refreshed while a scan runs (or was just requested), so the
 * strip shows the result without a page reload.
 */
function useClustersWithScanWatch(early?: EarlyRequest<ClustersResponse>) {
  const clusters = useClusters(early);
  const { value, loading, retry } = clusters;
  const [watchUntil, setWatchUntil] = useState(0);
  const running = Boolean(
    value?.clusters.some(c => c.lastScan?.status === 'running'),
  );
  useEffect(() => {
    if (loading || (!running && Date.now() >= watchUntil)) return undefined;
    const timer = setTimeout(retry, SCAN_POLL_MS);
    return () => clearTimeout(timer);
  }, [value, loading, running, watchUntil, retry]);
  const onScanRequested = useCallback(() => {
    setWatchUntil(Date.now() + SCAN_WATCH_MS);
    retry();
  }, [retry]);
  return { ...clusters, onScanRequested };
}

/**
 * The org-wide overview: what matters most (headline figures linking to their lists), the
 * clusters and their last scans, unowned findings, every team's score, accepted risks.
 */
export const OverviewPage = () => {
  const classes = useStyles();
  const api = useApi(kubeSecurityApiRef);
  // What the app asked for when it opened on this page (see alpha.tsx), used once.
  const [early] = useState(() => overviewRequests(api));
  useEffect(() => forgetOverviewRequests(api), [api]);
  const { value, loading, error, onScanRequested } = useClustersWithScanWatch(
    early.clusters,
  );
  // The teams' tree loads alongside the clusters rather than after them.
  const [teamsState] = useTeamsTableState();
  const treeTeams = useTreeTeams(api, teamsQueryOf(teamsState), {
    enabled: teamsState.view === 'tree',
    filtered: hasFilters(teamsState),
    early: early.treeTop,
  });

  let body;
  if (loading && !value) body = <Progress />;
  else if (error) body = <KubeSecurityErrorPanel error={error} />;
  else if (!value || value.clusters.length === 0) {
    body = <NoClustersEmptyState />;
  } else {
    body = (
      <>
        {value.mappingConflicts?.length ? (
          <div className={classes.section}>
            <MappingConflictsNotice conflicts={value.mappingConflicts} />
          </div>
        ) : null}
        <div className={classes.section}>
          <HeadlineStrip />
        </div>
        <OpenFindingsList />
        <div className={classes.section}>
          <ClusterStatusStrip
            clusters={value.clusters}
            onScanned={onScanRequested}
          />
        </div>
        <div className={classes.section}>
          <UnownedFindings />
        </div>
        <div className={classes.section}>
          <TeamsTable
            clusters={value.clusters}
            treeTeams={teamsState.view === 'tree' ? treeTeams : undefined}
          />
        </div>
        <ActiveExceptions />
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
        <SecurityTabs selected="overview" />
        <div data-ks-print-root className={classes.root}>
          <PrintStyles />
          <ContentHeader title="Overview">
            <div className={classes.actions} data-ks-print="hide">
              <DownloadButton
                label="Export CSV"
                fileName={`kube-security-findings-${today()}.csv`}
                fetchBlob={() => api.exportCsv()}
              />
              <SupportButton>
                Scores come from the recommended practices for EKS, GKE and AKS
                clusters, evaluated on every scan of the configured clusters.
              </SupportButton>
            </div>
          </ContentHeader>
          {body}
        </div>
      </Content>
    </Page>
  );
};
