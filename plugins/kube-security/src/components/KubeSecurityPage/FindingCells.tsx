import { TableCell, Typography } from '@material-ui/core';
import type { Finding } from '@kube-security/plugin-kube-security-common';
import { findActionItem, SeverityChip } from '../common';

/** The headers of the cells FindingCells renders, in their order. */
export const FINDING_COLUMNS = [
  'Cluster',
  'Namespace',
  'Kind',
  'Name',
  'Action item',
  'Severity',
  'Finding',
];

/**
 * The cells of one finding in the overview's finding lists: where it is (cluster,
 * namespace, kind, name and container), its action item, severity and message.
 * `identifierClassName` styles the cluster, namespace and name cells.
 */
export const FindingCells = ({
  finding,
  identifierClassName,
}: {
  finding: Finding;
  identifierClassName?: string;
}) => {
  const { cluster, namespace, kind, name, container } = finding.resource;
  return (
    <>
      <TableCell className={identifierClassName}>{cluster ?? '—'}</TableCell>
      <TableCell className={identifierClassName}>{namespace ?? '—'}</TableCell>
      <TableCell>{kind}</TableCell>
      <TableCell className={identifierClassName}>
        {name}
        {/* A pod's only container often bears its name: say it once. */}
        {container && container !== name && (
          <Typography variant="caption" display="block" color="textSecondary">
            container {container}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {findActionItem(finding.itemId)?.title ?? finding.itemId}
      </TableCell>
      <TableCell>
        <SeverityChip severity={finding.severity} />
      </TableCell>
      <TableCell>{finding.message}</TableCell>
    </>
  );
};
