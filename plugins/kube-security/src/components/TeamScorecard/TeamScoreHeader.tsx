import { Box, Typography } from '@material-ui/core';
import type { TeamSummary } from '@kube-security/plugin-kube-security-common';
import {
  formatAge,
  formatDateTime,
  pluralize,
  ScoreSummary,
  TrendIndicator,
} from '../common';

/** Score, grade, trend and what the score is made of. */
export const TeamScoreHeader = ({
  team,
  size = 'normal',
}: {
  team: TeamSummary;
  size?: 'normal' | 'small';
}) => (
  <Box>
    <ScoreSummary score={team.score} size={size} />
    <Box
      mt={1}
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 12 }}
    >
      <TrendIndicator trend={team.trend} />
      <Typography variant="body2" color="textSecondary">
        {pluralize(team.entityCount, 'entity', 'entities')} with findings
      </Typography>
      <Typography
        variant="body2"
        color="textSecondary"
        title={formatDateTime(team.lastScanAt)}
      >
        {team.lastScanAt
          ? `Last scan ${formatAge(team.lastScanAt)}`
          : 'Not scanned yet'}
      </Typography>
    </Box>
  </Box>
);
