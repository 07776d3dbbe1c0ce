import { MenuItem, TextField } from '@material-ui/core';
import type { OwnedCluster } from './useOwnedClusters';

/** `''`: ticks stay in this browser; otherwise the catalog ref of a cluster. */
export type TickTarget = string;

/**
 * Where the action plan's ticks go: this browser (for the user only) or, for someone
 * whose team owns cluster Resources, attestations on one of those clusters.
 */
export const RecordTicksPicker = ({
  clusters,
  value,
  onChange,
}: {
  clusters: readonly OwnedCluster[];
  value: TickTarget;
  onChange: (value: TickTarget) => void;
}) => (
  <TextField
    select
    size="small"
    variant="outlined"
    id="ks-record-ticks"
    label="Record ticks"
    value={value}
    onChange={event => onChange(event.target.value)}
    data-ks-print="hide"
    style={{ minWidth: 260 }}
  >
    <MenuItem value="">In this browser, for me only</MenuItem>
    {clusters.map(cluster => (
      <MenuItem key={cluster.catalogRef} value={cluster.catalogRef}>
        As attestations on {cluster.title}
      </MenuItem>
    ))}
  </TextField>
);
