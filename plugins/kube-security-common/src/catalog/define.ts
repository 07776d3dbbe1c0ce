import {
  ActionItem,
  ActionItemId,
  CheckDefinition,
  EvidenceKind,
  Severity,
} from '../types';

/** Number of action items in the plan; order runs from 1 to this value. */
export const ACTION_ITEM_COUNT = 19;

/**
 * Base impact of an item from its position in the plan: 100 for the first
 * item, then 4 points less per position (order 19 gives 28). A linear scale
 * keeps neighbouring items close, so severity and exposure can reorder them,
 * while the first items still clearly outweigh the last ones.
 */
export function baseImpactForOrder(order: number): number {
  if (!Number.isInteger(order) || order < 1 || order > ACTION_ITEM_COUNT) {
    throw new Error(
      `Action item order must be an integer from 1 to ${ACTION_ITEM_COUNT}, got ${order}`,
    );
  }
  return 100 - (order - 1) * 4;
}

type AutomatedEvidence = Exclude<EvidenceKind, 'attestation'>;

/** Builds a check definition whose id is `<itemId>/<slug>`. */
export function check(
  itemId: ActionItemId,
  slug: string,
  title: string,
  severity: Severity,
  evidence: AutomatedEvidence,
  additionalEvidence?: AutomatedEvidence[],
): CheckDefinition {
  return {
    id: `${itemId}/${slug}`,
    title,
    severity,
    evidence,
    ...(additionalEvidence ? { additionalEvidence } : {}),
  };
}

/** Fills in `baseImpact` from `order`, so the two can never disagree. */
export function defineItem(item: Omit<ActionItem, 'baseImpact'>): ActionItem {
  return { ...item, baseImpact: baseImpactForOrder(item.order) };
}
