import { Gauge } from '@backstage/core-components';
import { Box, Tooltip, Typography } from '@material-ui/core';
import { makeStyles, Theme } from '@material-ui/core/styles';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import TrendingFlatIcon from '@material-ui/icons/TrendingFlat';
import type { Grade, Score } from '@kube-security/plugin-kube-security-common';
import { formatPercent } from './format';
import { readableFill, readableTextColour } from './readableColors';

export function gradeColor(theme: Theme, grade: Grade | null): string {
  switch (grade) {
    case 'A':
      return theme.palette.status.ok;
    case 'B':
      return theme.palette.success.dark;
    case 'C':
      return theme.palette.status.warning;
    case 'D':
      return theme.palette.warning.dark;
    case 'F':
      return theme.palette.status.error;
    default:
      return theme.palette.status.aborted;
  }
}

// One static class per size and per grade rather than styles computed from the props: those
// made a style sheet (and worked out the readable colours again) for every badge rendered,
// one per team row.
const useGradeStyles = makeStyles(theme => ({
  badge: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    fontWeight: 700,
  },
  normal: { minWidth: 48, height: 48, borderRadius: 24, fontSize: '1.6rem' },
  small: { minWidth: 28, height: 28, borderRadius: 14, fontSize: '0.95rem' },
  A: readableFill(theme, gradeColor(theme, 'A')),
  B: readableFill(theme, gradeColor(theme, 'B')),
  C: readableFill(theme, gradeColor(theme, 'C')),
  D: readableFill(theme, gradeColor(theme, 'D')),
  F: readableFill(theme, gradeColor(theme, 'F')),
  none: readableFill(theme, gradeColor(theme, null)),
}));

/** The letter grade in a coloured disc; "–" when there is no score yet. */
export const GradeBadge = ({
  grade,
  size = 'normal',
}: {
  grade: Grade | null;
  size?: 'normal' | 'small';
}) => {
  const classes = useGradeStyles();
  return (
    <span
      className={`${classes.badge} ${classes[size]} ${
        classes[grade ?? 'none']
      }`}
      role="img"
      aria-label={grade ? `Grade ${grade}` : 'No grade yet'}
    >
      {grade ?? '–'}
    </span>
  );
};

/**
 * Score gauge, grade and evidence coverage. A score without evidence is not
 * zero, it is missing, and says so.
 */
export const ScoreSummary = ({
  score,
  size = 'normal',
}: {
  score: Score;
  size?: 'normal' | 'small';
}) => (
  <Box display="flex" alignItems="center" style={{ gap: 16 }}>
    <Box width={size === 'small' ? 96 : 140} aria-hidden={score.value === null}>
      {score.value === null ? (
        <Typography variant="h3" color="textSecondary" align="center">
          –
        </Typography>
      ) : (
        <Gauge
          value={score.value}
          max={100}
          fractional={false}
          unit=""
          size={size}
        />
      )}
    </Box>
    <Box>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <GradeBadge grade={score.grade} size={size} />
        <Typography variant={size === 'small' ? 'subtitle1' : 'h6'}>
          {score.value === null
            ? 'No score yet'
            : `Score ${score.value} of 100`}
        </Typography>
      </Box>
      <Tooltip title="Share of the plan's weight for which the scan had evidence; items without evidence count as unknown.">
        <Typography variant="body2" color="textSecondary">
          Evidence coverage {formatPercent(score.coverage)}
        </Typography>
      </Tooltip>
    </Box>
  </Box>
);

const useTrendStyles = makeStyles(theme => ({
  // A static class rather than Box, which makes a style sheet per element (per row).
  trend: { display: 'inline-flex', alignItems: 'center' },
  up: { color: readableTextColour(theme, theme.palette.status.ok) },
  down: { color: readableTextColour(theme, theme.palette.status.error) },
  flat: { color: theme.palette.text.secondary },
}));

/** Score change over the last 7 days: arrow, signed delta and words. */
export const TrendIndicator = ({ trend }: { trend: number | null }) => {
  const classes = useTrendStyles();
  if (trend === null) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        No trend yet
      </Typography>
    );
  }
  const rounded = Math.round(trend);
  let Icon = TrendingFlatIcon;
  let className = classes.flat;
  let words = 'unchanged in 7 days';
  if (rounded > 0) {
    Icon = ArrowUpwardIcon;
    className = classes.up;
    words = `up ${rounded} in 7 days`;
  } else if (rounded < 0) {
    Icon = ArrowDownwardIcon;
    className = classes.down;
    words = `down ${-rounded} in 7 days`;
  }
  return (
    <span
      className={`${classes.trend} ${className}`}
      role="img"
      aria-label={`Score ${words}`}
      title={`Score ${words}`}
    >
      <Icon fontSize="small" aria-hidden />
      <Typography variant="body2" component="span" aria-hidden>
        {rounded > 0 ? `+${rounded}` : rounded}
      </Typography>
    </span>
  );
};
