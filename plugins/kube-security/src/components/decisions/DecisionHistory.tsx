import { useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { AuditEvent } from '@kube-security/plugin-kube-security-common';
import useAsync from 'react-use/esm/useAsync';
import { kubeSecurityApiRef } from '../../api';
import {
  findActionItem,
  formatDateTime,
  KubeSecurityErrorPanel,
} from '../common';
import { ActorName } from './ActorName';
import { formatExpiryDay } from './dates';
import { AUDIT_ACTION_LABELS, describeScope } from './describe';
import { useEntityDecisionsContext } from './EntityDecisionsContext';

export const HISTORY_PAGE_SIZES = [10, 25, 50];

const useStyles = makeStyles({
  details: { display: 'block', padding: 0 },
  why: { minWidth: 240, whiteSpace: 'pre-wrap' },
  nowrap: { whiteSpace: 'nowrap' },
});

/** What an event did, with the scope and expiry its details carry. */
function whatText(event: AuditEvent): string {
  const label = AUDIT_ACTION_LABELS[event.action] ?? event.action;
  const details = event.details ?? {};
  const parts: string[] = [];
  if (event.action === 'exception.create' && details.scope) {
    parts.push(
      describeScope({
        scope: details.scope as 'item' | 'check' | 'finding',
        checkId: details.checkId,
      }),
    );
  }
  if (details.resource) parts.push(details.resource);
  if (event.action.endsWith('.create') && details.expiresAt) {
    parts.push(`until ${formatExpiryDay(details.expiresAt)}`);
  }
  return parts.length ? `${label}: ${parts.join(', ')}` : label;
}

const HistoryTable = ({ events }: { events: AuditEvent[] }) => {
  const classes = useStyles();
  return (
    <TableContainer>
      <Table size="small" aria-label="Decision history">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Who</TableCell>
            <TableCell>What</TableCell>
            <TableCell>Item</TableCell>
            <TableCell>Why</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {events.map(event => (
            <TableRow key={event.id} data-action={event.action}>
              <TableCell className={classes.nowrap}>
                {formatDateTime(event.at) ?? event.at}
              </TableCell>
              <TableCell>
                <ActorName actor={event.actor} />
              </TableCell>
              <TableCell>{whatText(event)}</TableCell>
              <TableCell>
                {findActionItem(event.itemId)?.title ?? event.itemId}
              </TableCell>
              <TableCell className={classes.why}>{event.reason}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

/**
 * Every decision on the entity, newest first: who accepted, attested or revoked what,
 * when and why, and what expired. Loads when first opened, and again after a change.
 */
export const DecisionHistory = ({ entityRef }: { entityRef: string }) => {
  const classes = useStyles();
  const api = useApi(kubeSecurityApiRef);
  const version = useEntityDecisionsContext()?.version ?? 0;
  const [expanded, setExpanded] = useState(false);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(HISTORY_PAGE_SIZES[0]);
  const { value, loading, error } = useAsync(async () => {
    if (!expanded) return undefined;
    return api.getAuditTrail({
      offset: page * pageSize,
      limit: pageSize,
      entityRef,
    });
  }, [api, entityRef, page, pageSize, version, expanded]);

  let body;
  if (error) {
    body = (
      <KubeSecurityErrorPanel
        error={error}
        title="Could not load the decision history"
      />
    );
  } else if (!value) {
    body = <Progress />;
  } else if (value.total === 0) {
    body = (
      <Box p={2}>
        <Typography variant="body2" color="textSecondary">
          No decision recorded for this entity yet.
        </Typography>
      </Box>
    );
  } else {
    body = (
      <>
        <HistoryTable events={value.events} />
        <TablePagination
          component="div"
          count={value.total}
          page={page}
          rowsPerPage={pageSize}
          rowsPerPageOptions={HISTORY_PAGE_SIZES}
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
    <Accordion
      expanded={expanded}
      onChange={(_, isExpanded) => setExpanded(isExpanded)}
      TransitionProps={{ mountOnEnter: true }}
      data-ks-print="hide"
      component="section"
      aria-label="Decision history"
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="ks-decision-history-content"
        id="ks-decision-history-header"
      >
        <Box>
          <Typography variant="h6" component="h2">
            Decision history
          </Typography>
          <Typography variant="body2" color="textSecondary">
            Accepted risks, attestations, revocations and expiries, newest
            first.
          </Typography>
        </Box>
      </AccordionSummary>
      <AccordionDetails
        className={classes.details}
        id="ks-decision-history-content"
      >
        <Box width="100%">
          <div style={{ height: 4 }}>
            {loading && value && (
              <LinearProgress aria-label="Loading the decision history" />
            )}
          </div>
          {body}
        </Box>
      </AccordionDetails>
    </Accordion>
  );
};
