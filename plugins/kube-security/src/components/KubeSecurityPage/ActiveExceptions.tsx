import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  Chip,
  Paper,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import { makeStyles, Theme } from '@material-ui/core/styles';
import {
  ActiveException,
  EXPIRING_SOON_DAYS,
} from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import {
  findActionItem,
  LabelledTable,
  PagedResults,
  pluralize,
  usePagedRequest,
} from '../common';
import {
  ActorName,
  describeScope,
  expiresInText,
  formatExpiryDay,
  SCOPE_LABELS,
} from '../decisions';
import { EXCEPTIONS_ID } from './HeadlineStrip';

const EXCEPTION_COLUMNS = [
  'Entity',
  'Action item',
  'Scope',
  'Justification',
  'Accepted by',
  'Expires',
  'Ticket',
];

const useStyles = makeStyles((theme: Theme) => ({
  table: { '& td': { verticalAlign: 'top' } },
  justification: { minWidth: 240, whiteSpace: 'pre-wrap' },
  nowrap: { whiteSpace: 'nowrap' },
  soon: {
    backgroundColor: theme.palette.status.warning,
    color: theme.palette.getContrastText(theme.palette.status.warning),
    fontWeight: 500,
  },
  soonCount: {
    borderColor: theme.palette.status.warning,
    fontWeight: 500,
  },
}));

const ExceptionRow = ({ exception }: { exception: ActiveException }) => {
  const classes = useStyles();
  const item = findActionItem(exception.itemId);
  return (
    <TableRow
      data-exception-id={exception.id}
      data-expiring-soon={exception.expiringSoon ? 'true' : undefined}
    >
      <TableCell className={classes.nowrap}>
        <EntityRefLink entityRef={exception.entityRef} defaultKind="component">
          {exception.entityTitle}
        </EntityRefLink>
      </TableCell>
      <TableCell>{item?.title ?? exception.itemId}</TableCell>
      <TableCell>
        <Typography variant="body2">{SCOPE_LABELS[exception.scope]}</Typography>
        {exception.scope !== 'item' && (
          <Typography variant="caption" color="textSecondary">
            {describeScope(exception)}
          </Typography>
        )}
      </TableCell>
      <TableCell className={classes.justification}>
        {exception.justification}
      </TableCell>
      <TableCell>
        <ActorName actor={exception.createdBy} />
      </TableCell>
      <TableCell className={classes.nowrap}>
        <Box display="flex" flexDirection="column" alignItems="flex-start">
          <span>{formatExpiryDay(exception.expiresAt)}</span>
          <Chip
            size="small"
            variant={exception.expiringSoon ? 'default' : 'outlined'}
            className={exception.expiringSoon ? classes.soon : undefined}
            label={expiresInText(exception.expiresAt)}
          />
        </Box>
      </TableCell>
      <TableCell className={classes.nowrap}>
        {exception.ticketUrl ? (
          <Link
            to={exception.ticketUrl}
            target="_blank"
            rel="noopener noreferrer"
          >
            Ticket
          </Link>
        ) : (
          '—'
        )}
      </TableCell>
    </TableRow>
  );
};

/**
 * Every accepted risk in force, soonest expiry first (the backend's order), paged by
 * the backend; those ending within 30 days stand out so owners can act in time.
 */
export const ActiveExceptions = () => {
  const classes = useStyles();
  const api = useApi(kubeSecurityApiRef);
  const request = usePagedRequest(page => api.listExceptions(page), [api]);
  const { value } = request;

  return (
    <Paper
      variant="outlined"
      component="section"
      id={EXCEPTIONS_ID}
      aria-label="Active exceptions"
    >
      <Box p={2}>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
        >
          <Typography variant="h6" component="h2">
            Active exceptions{value ? ` (${value.total})` : ''}
          </Typography>
          {value && value.expiringSoon > 0 && (
            <Chip
              size="small"
              variant="outlined"
              className={classes.soonCount}
              label={`${pluralize(
                value.expiringSoon,
                'expires',
                'expire',
              )} within ${EXPIRING_SOON_DAYS} days`}
            />
          )}
        </Box>
        <Typography variant="body2" color="textSecondary">
          Risks that teams accepted until a set day, soonest expiry first.
          Accepted findings leave the score until their exception expires or is
          revoked.
        </Typography>
      </Box>
      <PagedResults
        request={request}
        loadingLabel="Loading active exceptions"
        errorTitle="Could not load active exceptions"
        empty={
          <Box px={2} pb={2}>
            <Typography variant="body1">No accepted risks</Typography>
            <Typography variant="body2" color="textSecondary">
              No team has an exception in force: every open finding counts
              against its score.
            </Typography>
          </Box>
        }
      >
        {({ exceptions }) => (
          <LabelledTable
            label="Active exceptions"
            columns={EXCEPTION_COLUMNS}
            className={classes.table}
          >
            {exceptions.map(exception => (
              <ExceptionRow key={exception.id} exception={exception} />
            ))}
          </LabelledTable>
        )}
      </PagedResults>
    </Paper>
  );
};
