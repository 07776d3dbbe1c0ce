import { Chip, Tooltip } from '@material-ui/core';
import { makeStyles, Theme } from '@material-ui/core/styles';
import CancelIcon from '@material-ui/icons/Cancel';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import HelpIcon from '@material-ui/icons/Help';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import WarningIcon from '@material-ui/icons/Warning';
import type { ItemStatus } from '@kube-security/plugin-kube-security-common';
import { STATUS_DESCRIPTIONS, STATUS_LABELS } from './labels';

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
    default:
      return theme.palette.status.aborted;
  }
}

const useStyles = makeStyles<Theme, { status: ItemStatus }>(theme => ({
  chip: ({ status }) => {
    const color = statusColor(theme, status);
    return status === 'not-applicable'
      ? { color, borderColor: color, backgroundColor: 'transparent' }
      : {
          color: theme.palette.getContrastText(color),
          backgroundColor: color,
        };
  },
  icon: ({ status }) => ({
    color: 'inherit',
    // Outlined chips keep the status colour on the icon.
    ...(status === 'not-applicable'
      ? { color: statusColor(theme, status) }
      : {}),
  }),
}));

const ICONS: Record<ItemStatus, typeof CancelIcon> = {
  fail: CancelIcon,
  partial: WarningIcon,
  unknown: HelpIcon,
  pass: CheckCircleIcon,
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
        variant={status === 'not-applicable' ? 'outlined' : 'default'}
        className={classes.chip}
        classes={{ icon: classes.icon }}
        icon={<Icon aria-hidden />}
        label={STATUS_LABELS[status]}
        data-status={status}
      />
    </Tooltip>
  );
};
