import { Chip, Tooltip } from '@material-ui/core';
import { deepPurple, teal } from '@material-ui/core/colors';
import { makeStyles, Theme } from '@material-ui/core/styles';
import GavelIcon from '@material-ui/icons/Gavel';
import VerifiedUserOutlinedIcon from '@material-ui/icons/VerifiedUserOutlined';
import type {
  Acceptance,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import { formatExpiryDay } from './dates';
import { parseActor } from './describe';

const useStyles = makeStyles((theme: Theme) => {
  const dark = theme.palette.type === 'dark';
  const accepted = dark ? deepPurple[300] : deepPurple[500];
  const attested = dark ? teal[300] : teal[700];
  return {
    accepted: { color: accepted, borderColor: accepted },
    attested: { color: attested, borderColor: attested },
    icon: { color: 'inherit' },
  };
});

export function byWhom(createdBy: string): string {
  const actor = parseActor(createdBy);
  return actor.type === 'entity' ? actor.name : actor.text;
}

/** The tooltip of an acceptance: why, by whom, until when. */
export function acceptanceSummary(acceptance: Acceptance): string {
  return `${acceptance.justification} (by ${byWhom(
    acceptance.createdBy,
  )}, until ${formatExpiryDay(acceptance.expiresAt)})`;
}

/** "Accepted until <day>" on a finding row, with the justification on hover. */
export const AcceptedChip = ({ acceptance }: { acceptance: Acceptance }) => {
  const classes = useStyles();
  return (
    <Tooltip title={acceptanceSummary(acceptance)}>
      <Chip
        size="small"
        variant="outlined"
        className={classes.accepted}
        classes={{ icon: classes.icon }}
        icon={<GavelIcon aria-hidden />}
        label={`Accepted until ${formatExpiryDay(acceptance.expiresAt)}`}
        data-decision="accepted"
      />
    </Tooltip>
  );
};

/**
 * The decision behind an item's status, next to the status chip: an item-wide
 * acceptance, or an attestation that the item's status rests on.
 */
export const ItemDecisionBadge = ({ item }: { item: PlanItem }) => {
  const classes = useStyles();
  if (item.acceptance && item.status === 'accepted') {
    return <AcceptedChip acceptance={item.acceptance} />;
  }
  if (item.attestation && item.status === 'attested') {
    const { attestation } = item;
    return (
      <Tooltip
        title={`${attestation.statement} (by ${byWhom(attestation.createdBy)})`}
      >
        <Chip
          size="small"
          variant="outlined"
          className={classes.attested}
          classes={{ icon: classes.icon }}
          icon={<VerifiedUserOutlinedIcon aria-hidden />}
          label={`Attested until ${formatExpiryDay(attestation.expiresAt)}`}
          data-decision="attested"
        />
      </Tooltip>
    );
  }
  return null;
};
