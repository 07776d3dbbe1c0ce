import {
  ActionItem,
  ActionItemId,
  CheckDefinition,
  CheckScope,
  EvidenceKind,
  ItemScope,
  Severity,
} from '../types';
import { UNVERIFIED_PARTS } from './unverifiedParts';

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

/** What a check definition may add to its id, title, severity and evidence. */
export interface CheckOptions {
  additionalEvidence?: AutomatedEvidence[];
  /** Standard control ids the check answers (see CheckDefinition.standards). */
  standards?: string[];
  /** Defaults to `object`. */
  scope?: CheckScope;
  /** What the check adds beyond the practice, when it goes further (see CheckDefinition.addition). */
  addition?: string;
}

/** Builds a check definition whose id is `<itemId>/<slug>`. */
export function check(
  itemId: ActionItemId,
  slug: string,
  title: string,
  severity: Severity,
  evidence: AutomatedEvidence,
  options: CheckOptions = {},
): CheckDefinition {
  return {
    id: `${itemId}/${slug}`,
    title,
    severity,
    evidence,
    ...(options.additionalEvidence
      ? { additionalEvidence: options.additionalEvidence }
      : {}),
    standards: options.standards ?? [],
    scope: options.scope ?? 'object',
    ...(options.addition ? { addition: options.addition } : {}),
  };
}

/**
 * Fills in `baseImpact` from `order`, so the two can never disagree, and the scope from the
 * category (cloud and cluster items are the cluster's) unless the item sets it, and the
 * parts no check verifies from `UNVERIFIED_PARTS`.
 */
export function defineItem(
  item: Omit<ActionItem, 'baseImpact' | 'scope' | 'unverifiedParts'> & {
    scope?: ItemScope;
  },
): ActionItem {
  const scope: ItemScope =
    item.scope ??
    (item.category === 'cloud' || item.category === 'cluster'
      ? 'cluster'
      : 'workload');
  return {
    ...item,
    scope,
    baseImpact: baseImpactForOrder(item.order),
    unverifiedParts: UNVERIFIED_PARTS[item.id].map(part => ({ ...part })),
  };
}
