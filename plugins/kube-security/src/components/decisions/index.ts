export {
  EntityDecisionsProvider,
  useEntityDecisionsContext,
} from './EntityDecisionsContext';
export { ItemDecisionBadge, AcceptedChip } from './DecisionBadges';
export { ItemDecisions } from './ItemDecisions';
export { FindingDecision } from './FindingDecision';
export { DecisionHistory } from './DecisionHistory';
export { ActorName } from './ActorName';
export { daysUntil, expiresInText, formatExpiryDay } from './dates';
export { describeScope, SCOPE_LABELS } from './describe';
export { AttestDialog } from './AttestDialog';
export { RevokeDialog } from './RevokeDialog';
export {
  useDecisionPermissions,
  useEntityDecisions,
} from './useEntityDecisions';
