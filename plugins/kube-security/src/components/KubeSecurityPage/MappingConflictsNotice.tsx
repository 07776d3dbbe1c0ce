import { Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import type { MappingConflict } from '@kube-security/plugin-kube-security-common';

function outcome(conflict: MappingConflict): string {
  return conflict.keptBy ? `kept by ${conflict.keptBy}` : 'refused';
}

/**
 * Claims to findings that the backend refused: two entities for one cluster or workload,
 * or a selector that would take anyone's workloads. Shown on the overview so that the
 * platform team removes the duplicate or pins the cluster in configuration.
 */
export const MappingConflictsNotice = ({
  conflicts,
}: {
  conflicts?: MappingConflict[];
}) => {
  if (!conflicts?.length) return null;
  const title = `${conflicts.length} mapping conflict${
    conflicts.length === 1 ? '' : 's'
  }`;
  return (
    <Alert severity="warning" aria-label={title}>
      <AlertTitle>{title}</AlertTitle>
      <Typography variant="body2" paragraph>
        Several catalog entities claim the same findings. Refused claims get
        nothing; remove the duplicate claim, or pin the cluster to its entity
        with kubeSecurity.clusterEntities.
      </Typography>
      <ul>
        {conflicts.map(c => (
          <li
            key={`${c.kind}|${c.cluster ?? ''}|${c.subject}|${c.claimants.join(
              ',',
            )}`}
            title={c.message}
          >
            {c.cluster && c.kind !== 'cluster' ? `${c.cluster}: ` : ''}
            {c.subject}: claimed by {c.claimants.join(', ')}; {outcome(c)}
            {c.workloads ? ` (${c.workloads} workloads)` : ''}
          </li>
        ))}
      </ul>
    </Alert>
  );
};
