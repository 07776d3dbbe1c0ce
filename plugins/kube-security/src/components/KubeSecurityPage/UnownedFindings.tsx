import { useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  LinearProgress,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { kubeSecurityApiRef } from '../../api';
import {
  findActionItem,
  KubeSecurityErrorPanel,
  SeverityChip,
} from '../common';

export const UNOWNED_PAGE_SIZES = [10, 25, 50];

/**
 * Findings on workloads that no catalog entity claims: someone has to own
 * them before they can be fixed, so they get their own section.
 */
export const UnownedFindings = () => {
  const api = useApi(kubeSecurityApiRef);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(UNOWNED_PAGE_SIZES[0]);
  const { value, loading, error } = useAsync(
    () => api.getUnowned({ offset: page * pageSize, limit: pageSize }),
    [api, page, pageSize],
  );

  let body;
  if (error) {
    body = (
      <KubeSecurityErrorPanel
        error={error}
        title="Could not load unowned findings"
      />
    );
  } else if (!value) {
    body = <Progress />;
  } else if (value.total === 0) {
    body = (
      <Box px={2} pb={2}>
        <Typography variant="body2" color="textSecondary">
          Every finding belongs to a catalog entity.
        </Typography>
      </Box>
    );
  } else {
    body = (
      <>
        <TableContainer>
          <Table size="small" aria-label="Unowned findings">
            <TableHead>
              <TableRow>
                <TableCell>Cluster</TableCell>
                <TableCell>Namespace</TableCell>
                <TableCell>Kind</TableCell>
                <TableCell>Name</TableCell>
                <TableCell>Action item</TableCell>
                <TableCell>Severity</TableCell>
                <TableCell>Finding</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.findings.map(finding => (
                <TableRow key={finding.id}>
                  <TableCell>{finding.resource.cluster ?? '—'}</TableCell>
                  <TableCell>{finding.resource.namespace ?? '—'}</TableCell>
                  <TableCell>{finding.resource.kind}</TableCell>
                  <TableCell>
                    {finding.resource.name}
                    {finding.resource.container
                      ? ` (${finding.resource.container})`
                      : ''}
                  </TableCell>
                  <TableCell>
                    {findActionItem(finding.itemId)?.title ?? finding.itemId}
                  </TableCell>
                  <TableCell>
                    <SeverityChip severity={finding.severity} />
                  </TableCell>
                  <TableCell>{finding.message}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        <TablePagination
          component="div"
          count={value.total}
          page={page}
          rowsPerPage={pageSize}
          rowsPerPageOptions={UNOWNED_PAGE_SIZES}
          onPageChange={(_, next) => setPage(next)}
          onRowsPerPageChange={e => {
            setPageSize(Number(e.target.value));
            setPage(0);
          }}
          data-ks-print="hide"
        />
      </>
    );
  }

  return (
    <Paper variant="outlined" component="section" aria-label="Unowned findings">
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
      <div style={{ height: 4 }}>
        {loading && value && (
          <LinearProgress aria-label="Loading unowned findings" />
        )}
      </div>
      {body}
    </Paper>
  );
};
