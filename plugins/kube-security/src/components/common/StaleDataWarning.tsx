import { WarningPanel } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import type { ClusterStatus } from '@kube-security/plugin-kube-security-common';
import { formatAge, formatDateTime } from './format';

/**
 * Says which clusters' data is old and why, so nobody mistakes yesterday's
 * findings for today's.
 */
export const StaleDataWarning = ({
  clusters,
}: {
  clusters: ClusterStatus[];
}) => {
  const stale = clusters.filter(c => c.stale);
  if (stale.length === 0) return null;
  const names = stale.map(c => c.name).join(', ');
  return (
    <WarningPanel
      severity="warning"
      defaultExpanded
      title={`Findings may be out of date: the latest scan of ${names} did not complete`}
    >
      {stale.map(cluster => (
        <Typography key={cluster.name} variant="body2" paragraph>
          <strong>{cluster.name}</strong>:{' '}
          {cluster.staleReason ?? cluster.lastScan?.error ?? 'the scan failed'}.{' '}
          {cluster.lastGoodScanAt
            ? `Showing data from the last good scan, ${formatAge(
                cluster.lastGoodScanAt,
              )} (${formatDateTime(cluster.lastGoodScanAt)}).`
            : 'No scan of this cluster has completed yet.'}
        </Typography>
      ))}
    </WarningPanel>
  );
};
