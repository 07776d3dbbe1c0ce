import { Link } from '@backstage/core-components';
import {
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@material-ui/core';
import type { TeamSummary } from '@kube-security/plugin-kube-security-common';
import { CATEGORIES } from '@kube-security/plugin-kube-security-common';
import { GradeBadge, pluralize, TrendIndicator } from '../common';
import { useTeamLink } from './useTeamLink';

export function totalOpen(team: TeamSummary): number {
  return CATEGORIES.reduce((sum, c) => sum + (team.openByCategory[c] ?? 0), 0);
}

/** The team's direct child teams, each with its own rolled-up score. */
export const ChildTeams = ({ teams }: { teams: TeamSummary[] }) => {
  const teamLink = useTeamLink();
  if (teams.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        This team has no child teams.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Child teams">
      {teams.map(team => {
        const link = teamLink(team.entityRef);
        const name = team.title ?? team.name;
        return (
          <ListItem key={team.entityRef} disableGutters>
            <ListItemIcon>
              <GradeBadge grade={team.score.grade} size="small" />
            </ListItemIcon>
            <ListItemText
              primary={link ? <Link to={link}>{name}</Link> : name}
              secondary={
                <>
                  {team.score.value === null
                    ? 'No score yet'
                    : `Score ${team.score.value}`}
                  {' · '}
                  {pluralize(totalOpen(team), 'open item')}
                  {' · '}
                  <TrendIndicator trend={team.trend} />
                </>
              }
              secondaryTypographyProps={{ component: 'div' }}
            />
          </ListItem>
        );
      })}
    </List>
  );
};
