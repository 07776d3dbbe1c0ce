import { useState } from 'react';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { Button, CircularProgress, Paper, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  ClusterStatus,
  PROVIDER_TITLES,
} from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import { HiddenHeading } from '../common/HiddenHeading';
import { errorStatus, formatAge, formatDateTime } from '../common';

const useStyles = makeStyles(theme => ({
  // A static class rather than Box, which makes a style sheet per element (per cluster).
  scan: { marginTop: theme.spacing(1) },
  strip: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
    gap: theme.spacing(2),
  },
  card: {
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    borderLeft: `4px solid ${theme.palette.status.ok}`,
  },
  stale: {
    borderLeftColor: theme.palette.status.error,
    backgroundColor: theme.palette.errorBackground,
  },
  reason: { color: theme.palette.errorText },
}));

const ScanState = ({ cluster }: { cluster: ClusterStatus }) => {
  if (cluster.retiredAt) {
    return (
      <StatusWarning>
        Removed from the configuration: findings kept, not scored
      </StatusWarning>
    );
  }
  if (cluster.stale) return <StatusError>Stale</StatusError>;
  if (!cluster.lastScan) return <StatusWarning>Not scanned yet</StatusWarning>;
  switch (cluster.lastScan.status) {
    case 'running':
      return <StatusPending>Scanning</StatusPending>;
    case 'partial':
      return <StatusWarning>Partial scan</StatusWarning>;
    case 'failed':
      return <StatusError>Last scan failed</StatusError>;
    default:
      return <StatusOK>Up to date</StatusOK>;
  }
};

const ClusterCard = ({
  cluster,
  onScanned,
}: {
  cluster: ClusterStatus;
  onScanned: () => void;
}) => {
  const classes = useStyles();
  const api = useApi(kubeSecurityApiRef);
  const alertApi = useApi(alertApiRef);
  const [scanning, setScanning] = useState(false);

  const scanNow = async () => {
    setScanning(true);
    try {
      const result = await api.triggerScan(cluster.name);
      alertApi.post({
        message: result.scheduled
          ? `A scan of ${cluster.name} has been queued; its status updates here.`
          : `A scan of ${cluster.name} is already running.`,
        severity: 'info',
        display: 'transient',
      });
      onScanned();
    } catch (error) {
      alertApi.post({
        message:
          errorStatus(error as Error) === 403
            ? `You are not allowed to start scans (kube-security.scan.trigger).`
            : `Could not start a scan of ${cluster.name}: ${
                (error as Error).message
              }`,
        severity: 'error',
      });
    } finally {
      setScanning(false);
    }
  };

  const reason =
    cluster.staleReason ??
    cluster.lastScan?.error ??
    (cluster.lastScan?.status === 'failed'
      ? 'the last scan failed'
      : undefined);

  // The button's name is its visible words; the cluster it scans is its description.
  const headingId = `ks-cluster-${cluster.name.replace(
    /[^A-Za-z0-9_-]/g,
    '-',
  )}`;
  return (
    <Paper
      variant="outlined"
      className={`${classes.card} ${cluster.stale ? classes.stale : ''}`}
      data-cluster={cluster.name}
      data-stale={cluster.stale}
      aria-label={`Cluster ${cluster.name}`}
      role="group"
    >
      <Typography variant="subtitle1" component="h3" id={headingId}>
        {cluster.name}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {cluster.provider
          ? PROVIDER_TITLES[cluster.provider]
          : 'Unknown provider'}
        {' · '}
        {cluster.source}
      </Typography>
      <ScanState cluster={cluster} />
      {cluster.stale && reason && (
        <Typography variant="body2" className={classes.reason}>
          {reason}
        </Typography>
      )}
      {cluster.lastScan?.unreadableKinds &&
        cluster.lastScan.unreadableKinds.length > 0 && (
          <Typography variant="caption" color="textSecondary">
            Could not read: {cluster.lastScan.unreadableKinds.join(', ')}
          </Typography>
        )}
      <Typography
        variant="body2"
        color="textSecondary"
        title={formatDateTime(cluster.lastGoodScanAt)}
      >
        {cluster.lastGoodScanAt
          ? `Data from ${formatAge(cluster.lastGoodScanAt)}`
          : 'No completed scan yet'}
      </Typography>
      <div className={classes.scan} data-ks-print="hide">
        <Button
          size="small"
          variant={cluster.stale ? 'contained' : 'outlined'}
          color={cluster.stale ? 'secondary' : 'primary'}
          disabled={scanning || cluster.lastScan?.status === 'running'}
          onClick={scanNow}
          aria-describedby={headingId}
          startIcon={scanning ? <CircularProgress size={14} /> : undefined}
        >
          Scan now
        </Button>
      </div>
    </Paper>
  );
};

/** Every cluster with its scan state; stale ones stand out with their reason. */
export const ClusterStatusStrip = ({
  clusters,
  onScanned,
}: {
  clusters: ClusterStatus[];
  onScanned: () => void;
}) => {
  const classes = useStyles();
  // Stale clusters first: they are what needs attention.
  const ordered = [...clusters].sort(
    (a, b) => Number(b.stale) - Number(a.stale) || a.name.localeCompare(b.name),
  );
  return (
    <section aria-labelledby="ks-clusters-title" className={classes.strip}>
      <HiddenHeading id="ks-clusters-title">Clusters</HiddenHeading>
      {ordered.map(cluster => (
        <ClusterCard
          key={cluster.name}
          cluster={cluster}
          onScanned={onScanned}
        />
      ))}
    </section>
  );
};
