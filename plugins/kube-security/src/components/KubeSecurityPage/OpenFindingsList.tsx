import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  Paper,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { useSearchParams } from 'react-router-dom';
import {
  OPEN_FINDINGS_FILTERS,
  OpenFindingsFilter,
  OpenFindingsResponse,
} from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import { LabelledTable, PagedResults, usePagedRequest } from '../common';
import { FINDING_COLUMNS, FindingCells } from './FindingCells';
import { FINDINGS_PARAM, OPEN_FINDINGS_ID } from './HeadlineStrip';

export const OPEN_FINDINGS_TITLES: Record<OpenFindingsFilter, string> = {
  'critical-high': 'Open critical and high findings',
  'internet-exposed': 'Open findings on internet-exposed workloads',
};

const COLUMNS = ['Owner', ...FINDING_COLUMNS];

type Row = OpenFindingsResponse['findings'][number];

const FindingRow = ({ finding }: { finding: Row }) => (
  <TableRow>
    <TableCell>
      {finding.entityRef ? (
        <EntityRefLink entityRef={finding.entityRef} defaultKind="component">
          {finding.entityTitle}
        </EntityRefLink>
      ) : (
        'Unowned'
      )}
    </TableCell>
    <FindingCells finding={finding} />
  </TableRow>
);

const List = ({
  filter,
  onClose,
}: {
  filter: OpenFindingsFilter;
  onClose: () => void;
}) => {
  const api = useApi(kubeSecurityApiRef);
  const request = usePagedRequest(
    page => api.getOpenFindings({ ...page, filter }),
    [api, filter],
  );
  const title = OPEN_FINDINGS_TITLES[filter];
  const { value } = request;
  return (
    <Paper
      variant="outlined"
      component="section"
      id={OPEN_FINDINGS_ID}
      aria-labelledby="ks-open-findings-title"
    >
      <Box
        p={2}
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="h6" component="h2" id="ks-open-findings-title">
          {title}
          {value ? ` (${value.total})` : ''}
        </Typography>
        <Button size="small" onClick={onClose} data-ks-print="hide">
          Close list
        </Button>
      </Box>
      <PagedResults
        request={request}
        loadingLabel={`Loading ${title.toLocaleLowerCase('en-US')}`}
        errorTitle={`Could not load ${title.toLocaleLowerCase('en-US')}`}
        empty={
          <Box px={2} pb={2}>
            <Typography variant="body2" color="textSecondary">
              None that you may see.
            </Typography>
          </Box>
        }
      >
        {({ findings }) => (
          <LabelledTable label={title} columns={COLUMNS}>
            {findings.map(finding => (
              <FindingRow key={finding.id} finding={finding} />
            ))}
          </LabelledTable>
        )}
      </PagedResults>
    </Paper>
  );
};

/**
 * The list a headline figure counts, while the URL names it (`?findings=`): most urgent
 * first, each with its owner, or "Unowned".
 */
export const OpenFindingsList = () => {
  const [params, setParams] = useSearchParams();
  const filter = OPEN_FINDINGS_FILTERS.find(
    f => f === params.get(FINDINGS_PARAM),
  );
  if (!filter) return null;
  const onClose = () => {
    const next = new URLSearchParams(params);
    next.delete(FINDINGS_PARAM);
    setParams(next, { replace: true });
  };
  return (
    <Box mb={3}>
      <List key={filter} filter={filter} onClose={onClose} />
    </Box>
  );
};
