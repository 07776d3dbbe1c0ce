import { useApi } from '@backstage/core-plugin-api';
import { Box, Paper, TableRow, Typography } from '@material-ui/core';
import type { Finding } from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import { LabelledTable, PagedResults, usePagedRequest } from '../common';
import { UNOWNED_ID } from './HeadlineStrip';
import { useTableLayoutStyles } from '../common/tableLayout';
import { FINDING_COLUMNS, FindingCells } from './FindingCells';

const UnownedRow = ({ finding }: { finding: Finding }) => {
  const layout = useTableLayoutStyles();
  return (
    <TableRow>
      <FindingCells finding={finding} identifierClassName={layout.identifier} />
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
          <LabelledTable label="Unowned findings" columns={FINDING_COLUMNS}>
            {findings.map(finding => (
              <UnownedRow key={finding.id} finding={finding} />
            ))}
          </LabelledTable>
        )}
      </PagedResults>
    </Paper>
  );
};
