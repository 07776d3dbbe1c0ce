import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { AuditEvent } from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import {
  findActionItem,
  formatDateTime,
  LabelledTable,
  PagedResults,
  usePagedRequest,
} from '../common';
import { ActorName } from './ActorName';
import { formatExpiryDay } from './dates';
import { AUDIT_ACTION_LABELS, describeScope } from './describe';
import { useEntityDecisionsContext } from './EntityDecisionsContext';

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

const HISTORY_COLUMNS = ['When', 'Who', 'What', 'Item', 'Why'];

const HistoryTable = ({ events }: { events: AuditEvent[] }) => {
  const classes = useStyles();
  return (
    <LabelledTable label="Decision history" columns={HISTORY_COLUMNS}>
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
    </LabelledTable>
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
  // Loads nothing until the section is first opened.
  const request = usePagedRequest(
    async page =>
      expanded ? api.getAuditTrail({ ...page, entityRef }) : undefined,
    [api, entityRef, version, expanded],
  );

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
          <PagedResults
            request={request}
            loadingLabel="Loading the decision history"
            errorTitle="Could not load the decision history"
            empty={
              <Box p={2}>
                <Typography variant="body2" color="textSecondary">
                  No decision recorded for this entity yet.
                </Typography>
              </Box>
            }
          >
            {({ events }) => <HistoryTable events={events} />}
          </PagedResults>
        </Box>
      </AccordionDetails>
    </Accordion>
  );
};
