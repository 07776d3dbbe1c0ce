import { Chip, Tooltip } from '@material-ui/core';
import { deepPurple, teal } from '@material-ui/core/colors';
import { makeStyles, Theme } from '@material-ui/core/styles';
import CancelIcon from '@material-ui/icons/Cancel';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import GavelIcon from '@material-ui/icons/Gavel';
import HelpIcon from '@material-ui/icons/Help';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import VerifiedUserOutlinedIcon from '@material-ui/icons/VerifiedUserOutlined';
import WarningIcon from '@material-ui/icons/Warning';
import type { ItemStatus } from '@kube-security/plugin-kube-security-common';
import { STATUS_DESCRIPTIONS, STATUS_LABELS } from './labels';
import { readableFill, readableTextColour } from './readableColors';

function statusColor(theme: Theme, status: ItemStatus): string {
  switch (status) {
    case 'fail':
      return theme.palette.status.error;
    case 'partial':
      return theme.palette.status.warning;
    case 'unknown':
      return theme.palette.info.main;
    case 'pass':
      return theme.palette.status.ok;
    // Neither is a verified result, so neither borrows the pass/fail colours.
    case 'accepted':
      return theme.palette.type === 'dark' ? deepPurple[300] : deepPurple[500];
    case 'attested':
      return theme.palette.type === 'dark' ? teal[300] : teal[700];
    default:
      return theme.palette.status.aborted;
  }
}

/** Outlined chips: no verified outcome (a statement, or nothing to check). */
const OUTLINED: ReadonlySet<ItemStatus> = new Set([
  'not-applicable',
  'attested',
]);

/**
 * The colours of a status chip, at AA contrast: outlined chips use the status
 * colour as text; filled ones as background under white or black text.
 */
export function statusChipColours(
  theme: Theme,
  status: ItemStatus,
): { color: string; backgroundColor?: string; outlined: boolean } {
  const colour = statusColor(theme, status);
  return OUTLINED.has(status)
    ? { color: readableTextColour(theme, colour), outlined: true }
    : { ...readableFill(theme, colour), outlined: false };
}

const useStyles = makeStyles<Theme, { status: ItemStatus }>(theme => ({
  chip: ({ status }) => {
    const { color, backgroundColor, outlined } = statusChipColours(
      theme,
      status,
    );
    return outlined
      ? { color, borderColor: color, backgroundColor: 'transparent' }
      : { color, backgroundColor };
  },
  icon: ({ status }) => ({
    // The icon takes the chip's text colour, so it reads as well as the word.
    color: statusChipColours(theme, status).color,
  }),
}));

const ICONS: Record<ItemStatus, typeof CancelIcon> = {
  fail: CancelIcon,
  partial: WarningIcon,
  unknown: HelpIcon,
  pass: CheckCircleIcon,
  accepted: GavelIcon,
  attested: VerifiedUserOutlinedIcon,
  'not-applicable': RemoveCircleOutlineIcon,
};

/**
 * The status of an action item: colour, icon and word, so it reads the same to
 * colour-blind users, screen readers and on paper.
 */
export const StatusChip = ({ status }: { status: ItemStatus }) => {
  const classes = useStyles({ status });
  const Icon = ICONS[status];
  return (
    <Tooltip title={STATUS_DESCRIPTIONS[status]}>
      <Chip
        size="small"
        variant={OUTLINED.has(status) ? 'outlined' : 'default'}
        className={classes.chip}
        classes={{ icon: classes.icon }}
        icon={<Icon aria-hidden />}
        label={STATUS_LABELS[status]}
        data-status={status}
      />
    </Tooltip>
  );
};
