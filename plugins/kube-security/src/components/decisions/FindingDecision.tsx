import type {
  Finding,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import { AcceptedChip } from './DecisionBadges';
import {
  ACCEPT_DENIED,
  DecisionButton,
  disabledReason,
  notReadyReason,
} from './DecisionButton';
import { describeResource } from './describe';
import { useEntityDecisionsContext } from './EntityDecisionsContext';

/**
 * The decision cell of a finding row: "Accepted until …" when an exception covers it,
 * otherwise a button to accept its risk (this finding, or its check on the resource).
 */
export const FindingDecision = ({
  item,
  finding,
}: {
  item: PlanItem;
  finding: Finding;
}) => {
  const context = useEntityDecisionsContext();
  if (finding.accepted) return <AcceptedChip acceptance={finding.accepted} />;
  if (!context) return null;
  return (
    <DecisionButton
      label="Accept risk"
      ariaLabel={`Accept risk for ${describeResource(finding.resource, {
        container: true,
      })}`}
      variant="text"
      disabledBecause={disabledReason(context.accept, {
        notReady: notReadyReason(context),
        denied: ACCEPT_DENIED,
      })}
      onClick={() => context.openAcceptRisk({ item, finding })}
    />
  );
};
