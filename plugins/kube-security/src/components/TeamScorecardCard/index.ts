export { EntityTeamSecurityScorecardCard } from './EntityTeamSecurityScorecardCard';
