import { Box, Typography } from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ScoreHistoryPoint } from '@kube-security/plugin-kube-security-common';

/** In words, for screen readers and for the paper version. */
export function describeHistory(points: ScoreHistoryPoint[]): string {
  const scored = points.filter(p => p.score !== null);
  if (scored.length === 0) return 'No score history yet.';
  const first = scored[0];
  const last = scored[scored.length - 1];
  if (scored.length === 1) {
    return `One day of history: score ${first.score} on ${first.day}.`;
  }
  return `Score history over ${scored.length} days: ${first.score} on ${first.day}, ${last.score} on ${last.day}.`;
}

/**
 * The team's daily score. With no history there is nothing to draw; with one
 * day there is a single dot (a line needs two), and the text says why.
 */
export const ScoreHistoryChart = ({
  history,
  height = 220,
}: {
  history: ScoreHistoryPoint[];
  height?: number;
}) => {
  const theme = useTheme();
  const scored = history.filter(p => p.score !== null);
  const description = describeHistory(history);
  if (scored.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No score history yet. A point is added for every day with a completed
        scan, so the chart fills in from tomorrow.
      </Typography>
    );
  }
  return (
    <Box>
      <Box
        role="img"
        aria-label={description}
        data-testid="score-history-chart"
      >
        <ResponsiveContainer
          width="100%"
          height={height}
          initialDimension={{ width: 600, height }}
        >
          <LineChart
            data={history}
            margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" tick={{ fontSize: 12 }} />
            <YAxis domain={[0, 100]} tick={{ fontSize: 12 }} width={32} />
            <Tooltip />
            <Line
              type="monotone"
              dataKey="score"
              name="Score"
              stroke={theme.palette.primary.main}
              strokeWidth={2}
              // Dots keep single days (and gaps) visible.
              dot={{ r: scored.length === 1 ? 5 : 3 }}
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </Box>
      <Typography variant="caption" color="textSecondary">
        {scored.length === 1
          ? `${description} The line appears after the next day's scan.`
          : description}
      </Typography>
    </Box>
  );
};
