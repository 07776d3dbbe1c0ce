import { Link } from '@backstage/core-components';
import { Box, Paper, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import GavelIcon from '@material-ui/icons/Gavel';
import VerifiedUserOutlinedIcon from '@material-ui/icons/VerifiedUserOutlined';
import {
  isOpenStatus,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import { formatDate } from '../common';
import { ActorName } from './ActorName';
import {
  ACCEPT_DENIED,
  ATTEST_DENIED,
  DecisionButton,
  disabledReason,
  notReadyReason,
} from './DecisionButton';
import { expiresInText, formatExpiryDay } from './dates';
import { describeScope } from './describe';
import { useEntityDecisionsContext } from './EntityDecisionsContext';
import {
  AttestationView,
  ExceptionView,
  itemAttestations,
  itemExceptions,
} from './itemDecisions';

const useStyles = makeStyles(theme => ({
  entry: {
    padding: theme.spacing(1.5, 2),
    marginBottom: theme.spacing(1),
  },
  head: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  headText: { flex: '1 1 auto', fontWeight: 500 },
  quote: {
    margin: theme.spacing(1, 0),
    whiteSpace: 'pre-wrap',
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
}));

/** Which statuses an attestation can change: nothing a scan verified either way. */
const ATTESTABLE_STATUSES = new Set(['unknown', 'partial', 'attested']);

function madeBy(createdBy: string, createdAt?: string) {
  const day = formatDate(createdAt);
  return (
    <>
      By <ActorName actor={createdBy} />
      {day ? ` on ${day}` : ''}
    </>
  );
}

const ExceptionEntry = ({
  item,
  exception,
}: {
  item: PlanItem;
  exception: ExceptionView;
}) => {
  const classes = useStyles();
  const context = useEntityDecisionsContext();
  const scope = describeScope(exception);
  const { id } = exception;
  const canRevoke = exception.source === 'user' && id !== undefined;
  return (
    <Paper
      variant="outlined"
      className={classes.entry}
      role="group"
      aria-label={`Accepted risk: ${scope}`}
      data-exception-id={id}
    >
      <div className={classes.head}>
        <GavelIcon fontSize="small" aria-hidden />
        <Typography variant="body2" className={classes.headText}>
          Accepted until {formatExpiryDay(exception.expiresAt)} (
          {expiresInText(exception.expiresAt)}) · {scope}
        </Typography>
        {context && canRevoke && (
          <DecisionButton
            label="Revoke"
            ariaLabel="Revoke accepted risk"
            variant="text"
            disabledBecause={disabledReason(context.accept, {
              denied: ACCEPT_DENIED,
            })}
            onClick={() =>
              context.openRevoke({
                kind: 'exception',
                id: id!,
                itemTitle: item.title,
                description: `Accepted risk: ${scope}`,
              })
            }
          />
        )}
      </div>
      <Typography variant="body2" className={classes.quote}>
        {exception.justification}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        {madeBy(exception.createdBy, exception.createdAt)}
        {exception.ticketUrl && (
          <>
            {' · '}
            <Link
              to={exception.ticketUrl}
              target="_blank"
              rel="noopener noreferrer"
            >
              Ticket
            </Link>
          </>
        )}
        {' · '}
        {exception.source === 'annotation'
          ? 'Declared as an annotation on the Kubernetes object: remove the annotation to revoke it.'
          : 'Accepted in Backstage.'}
      </Typography>
    </Paper>
  );
};

const AttestationEntry = ({
  item,
  attestation,
}: {
  item: PlanItem;
  attestation: AttestationView;
}) => {
  const classes = useStyles();
  const context = useEntityDecisionsContext();
  const overruled = item.status === 'fail' || item.status === 'partial';
  return (
    <Paper
      variant="outlined"
      className={classes.entry}
      role="group"
      aria-label="Attestation"
      data-attestation-id={attestation.id}
    >
      <div className={classes.head}>
        <VerifiedUserOutlinedIcon fontSize="small" aria-hidden />
        <Typography variant="body2" className={classes.headText}>
          Attested until {formatExpiryDay(attestation.expiresAt)} (
          {expiresInText(attestation.expiresAt)})
        </Typography>
        {context && (
          <DecisionButton
            label="Revoke"
            ariaLabel="Revoke attestation"
            variant="text"
            disabledBecause={disabledReason(context.attest, {
              denied: ATTEST_DENIED,
            })}
            onClick={() =>
              context.openRevoke({
                kind: 'attestation',
                id: attestation.id,
                itemTitle: item.title,
                description: 'Attestation of this item',
              })
            }
          />
        )}
      </div>
      <Typography variant="body2" className={classes.quote}>
        {attestation.statement}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        {madeBy(attestation.createdBy, attestation.createdAt)}
        {' · '}
        <Link
          to={attestation.evidenceUrl}
          target="_blank"
          rel="noopener noreferrer"
        >
          Evidence
        </Link>
      </Typography>
      {overruled && (
        <Typography variant="caption" color="error" component="p">
          A scan still finds problems with this item, so it does not count as
          attested.
        </Typography>
      )}
    </Paper>
  );
};

/** "Accept risk" and "Attest" for a whole item, disabled with the reason when not allowed. */
const ItemDecisionActions = ({ item }: { item: PlanItem }) => {
  const classes = useStyles();
  const context = useEntityDecisionsContext();
  if (!context || !canDecide(item, context)) return null;
  const notReady = notReadyReason(context);
  const canAcceptItem = isOpenStatus(item.status);
  const canAttestItem =
    ATTESTABLE_STATUSES.has(item.status) &&
    Boolean(context.decisions?.limits.attestableItems.includes(item.itemId));
  const acceptDisabled = disabledReason(context.accept, {
    notReady,
    denied: ACCEPT_DENIED,
  });
  const attestDisabled = disabledReason(context.attest, {
    notReady,
    denied: ATTEST_DENIED,
  });
  const denied = [
    canAcceptItem && acceptDisabled === ACCEPT_DENIED ? ACCEPT_DENIED : '',
    canAttestItem && attestDisabled === ATTEST_DENIED ? ATTEST_DENIED : '',
  ].filter(Boolean);
  return (
    <div className={classes.actions}>
      {canAcceptItem && (
        <DecisionButton
          label="Accept risk"
          icon={<GavelIcon />}
          disabledBecause={acceptDisabled}
          onClick={() => context.openAcceptRisk({ item })}
        />
      )}
      {canAttestItem && (
        <DecisionButton
          label={item.status === 'attested' ? 'Renew attestation' : 'Attest'}
          icon={<VerifiedUserOutlinedIcon />}
          disabledBecause={attestDisabled}
          onClick={() => context.openAttest(item)}
        />
      )}
      {denied.map(text => (
        <Typography
          key={text}
          variant="caption"
          color="textSecondary"
          component="p"
        >
          {text}
        </Typography>
      ))}
    </div>
  );
};

/** Whether an item's decisions section has anything to show. */
function canDecide(
  item: PlanItem,
  context: ReturnType<typeof useEntityDecisionsContext>,
): boolean {
  if (!context) return false;
  return (
    isOpenStatus(item.status) ||
    (ATTESTABLE_STATUSES.has(item.status) &&
      Boolean(context.decisions?.limits.attestableItems.includes(item.itemId)))
  );
}

/**
 * The decisions section of a plan item: buttons to accept or attest, then every
 * active exception and attestation of the item with who, why, until when and links.
 * Renders nothing when there is neither a decision nor one to make.
 */
export const ItemDecisions = ({
  item,
  className,
}: {
  item: PlanItem;
  className?: string;
}) => {
  const context = useEntityDecisionsContext();
  const exceptions = itemExceptions(item, context?.decisions);
  const attestations = itemAttestations(item, context?.decisions);
  const hasEntries = exceptions.length > 0 || attestations.length > 0;
  if (!hasEntries && !canDecide(item, context)) return null;
  return (
    <Box className={className}>
      <Typography variant="h6" component="h4" gutterBottom>
        Decisions
      </Typography>
      <ItemDecisionActions item={item} />
      {hasEntries && (
        <div role="list" aria-label="Decisions on this item">
          {exceptions.map((exception, index) => (
            <div role="listitem" key={exception.id ?? `plan-${index}`}>
              <ExceptionEntry item={item} exception={exception} />
            </div>
          ))}
          {attestations.map(attestation => (
            <div role="listitem" key={attestation.id}>
              <AttestationEntry item={item} attestation={attestation} />
            </div>
          ))}
        </div>
      )}
    </Box>
  );
};
