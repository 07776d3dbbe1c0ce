import { Box, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import type {
  ActionItem,
  AttestationSummary,
} from '@kube-security/plugin-kube-security-common';
import { formatDate } from './format';

const useStyles = makeStyles(theme => ({
  columns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))',
    gap: theme.spacing(2),
  },
  list: { margin: 0, paddingLeft: theme.spacing(3) },
}));

/**
 * What the scans verify of an item (its checks) and what rests on a team's statement (the
 * parts no check sees); with `attestation`, the statement in force, or that there is none.
 */
export const ItemParts = ({
  item,
  attestation,
}: {
  item: Pick<ActionItem, 'id' | 'checks' | 'unverifiedParts'>;
  /** The item's attestation; `null` says none is in force; leave out on a generic plan. */
  attestation?: AttestationSummary | null;
}) => {
  const classes = useStyles();
  const parts = item.unverifiedParts ?? [];
  const checksId = `ks-parts-${item.id}-checks`;
  const statedId = `ks-parts-${item.id}-stated`;
  return (
    <Box className={classes.columns} data-ks-item-parts>
      <Box>
        <Typography variant="subtitle2" component="h5" id={checksId}>
          Verified by checks ({item.checks.length})
        </Typography>
        {item.checks.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No check can see this practice: all of it rests on a statement.
          </Typography>
        ) : (
          <ul className={classes.list} aria-labelledby={checksId}>
            {item.checks.map(check => (
              <li key={check.id}>
                <Typography variant="body2">{check.title}</Typography>
                {check.addition && (
                  <Typography variant="body2" color="textSecondary">
                    Addition to the practice: {check.addition}
                  </Typography>
                )}
              </li>
            ))}
          </ul>
        )}
      </Box>
      <Box>
        <Typography variant="subtitle2" component="h5" id={statedId}>
          Rests on a statement ({parts.length})
        </Typography>
        <ul className={classes.list} aria-labelledby={statedId}>
          {parts.map(part => (
            <li key={part.id}>
              <Typography variant="body2">{part.statement}</Typography>
            </li>
          ))}
        </ul>
        {attestation === null && (
          <Typography variant="body2" color="textSecondary">
            Not stated yet: attest these parts with a link to the evidence.
          </Typography>
        )}
        {attestation && (
          <Typography variant="body2" color="textSecondary">
            Stated by {attestation.createdBy} until{' '}
            {formatDate(attestation.expiresAt)}: {attestation.statement}
          </Typography>
        )}
      </Box>
    </Box>
  );
};
