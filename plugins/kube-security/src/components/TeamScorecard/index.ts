export { TeamScorecardView } from './TeamScorecardView';
export { TeamScoreHeader } from './TeamScoreHeader';
export { CategoryBars } from './CategoryBars';
export { ChildTeams, totalOpen } from './ChildTeams';
export { TopActions } from './TopActions';
export { ScoreHistoryChart, describeHistory } from './ScoreHistoryChart';
export { TeamEntities } from './TeamEntities';
export { useTeamScorecard } from './useTeamScorecard';
export { useTeamLink } from './useTeamLink';
export {
  TeamNoEntitiesEmptyState,
  TeamNotFoundEmptyState,
} from './TeamEmptyState';
