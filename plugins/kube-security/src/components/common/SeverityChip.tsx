import { Chip } from '@material-ui/core';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { Severity } from '@kube-security/plugin-kube-security-common';
import { SEVERITY_LABELS } from './labels';
import { readableTextColour } from './readableColors';

function severityColor(theme: Theme, severity: Severity): string {
  switch (severity) {
    case 'critical':
      return theme.palette.error.dark;
    case 'high':
      return theme.palette.status.error;
    case 'medium':
      return theme.palette.status.warning;
    case 'low':
      return theme.palette.info.main;
    default:
      return theme.palette.status.aborted;
  }
}

/** The text and border colour of a severity chip: its theme colour, at AA contrast. */
export function severityChipColour(theme: Theme, severity: Severity): string {
  return readableTextColour(theme, severityColor(theme, severity));
}

const useStyles = makeStyles<Theme, { severity: Severity }>(theme => ({
  chip: ({ severity }) => ({
    color: severityChipColour(theme, severity),
    borderColor: severityChipColour(theme, severity),
    fontWeight: severity === 'critical' ? 700 : 500,
  }),
}));

/** Worst severity of an item's findings; outlined so it never competes with the status. */
export const SeverityChip = ({ severity }: { severity: Severity }) => {
  const classes = useStyles({ severity });
  return (
    <Chip
      size="small"
      variant="outlined"
      className={classes.chip}
      label={`${SEVERITY_LABELS[severity]} severity`}
      data-severity={severity}
    />
  );
};
