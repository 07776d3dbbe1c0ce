import { useApi } from '@backstage/core-plugin-api';
import { Box, Paper, TableCell, TableRow, Typography } from '@material-ui/core';
import type { Finding } from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import {
  findActionItem,
  LabelledTable,
  PagedResults,
  SeverityChip,
  usePagedRequest,
} from '../common';
import { UNOWNED_ID } from './HeadlineStrip';
import { useTableLayoutStyles } from '../common/tableLayout';

const UNOWNED_COLUMNS = [
  'Cluster',
  'Namespace',
  'Kind',
  'Name',
  'Action item',
  'Severity',
  'Finding',
];

const UnownedRow = ({ finding }: { finding: Finding }) => {
  const layout = useTableLayoutStyles();
  const { cluster, namespace, kind, name, container } = finding.resource;
  return (
    <TableRow>
      <TableCell className={layout.identifier}>{cluster ?? '—'}</TableCell>
      <TableCell className={layout.identifier}>{namespace ?? '—'}</TableCell>
      <TableCell>{kind}</TableCell>
      <TableCell className={layout.identifier}>
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
    </TableRow>
  );
};

/**
 * Findings on workloads that no catalog entity claims: someone has to own
 * them before they can be fixed, so they get their own section.
 */
export const UnownedFindings = () => {
  const api = useApi(kubeSecurityApiRef);
  const request = usePagedRequest(page => api.getUnowned(page), [api]);
  const { value } = request;

  return (
    <Paper
      variant="outlined"
      component="section"
      id={UNOWNED_ID}
      aria-label="Unowned findings"
    >
      <Box p={2}>
        <Typography variant="h6" component="h2">
          Unowned findings{value ? ` (${value.total})` : ''}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          Findings on workloads that match no catalog entity. Label the
          workloads with backstage.io/kubernetes-id (or annotate an entity with
          a matching label selector) to give them an owner.
        </Typography>
      </Box>
      <PagedResults
        request={request}
        loadingLabel="Loading unowned findings"
        errorTitle="Could not load unowned findings"
        empty={
          <Box px={2} pb={2}>
            <Typography variant="body2" color="textSecondary">
              Every finding belongs to a catalog entity.
            </Typography>
          </Box>
        }
      >
        {({ findings }) => (
          <LabelledTable label="Unowned findings" columns={UNOWNED_COLUMNS}>
            {findings.map(finding => (
              <UnownedRow key={finding.id} finding={finding} />
            ))}
          </LabelledTable>
        )}
      </PagedResults>
    </Paper>
  );
};
