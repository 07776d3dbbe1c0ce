import { ACTION_ITEM_IDS, getActionItem } from './catalog';
import {
  ActionItemId,
  Coverage,
  Finding,
  Grade,
  ItemStatus,
  Score,
} from './types';

/**
 * Scoring of action items; the formulas are explained with a worked example in
 * docs/scoring.md at the repository root.
 */

/** The status of one item for one entity (or a merged team). */
export interface ItemStatusEntry {
  itemId: ActionItemId;
  status: ItemStatus;
}

/** Share of an item's weight it earns in the score. */
export const STATUS_CREDIT: Readonly<
  Record<'pass' | 'attested' | 'partial' | 'fail', number>
> = {
  pass: 1,
  attested: 1,
  partial: 0.5,
  fail: 0,
};

/** Lowest score value of each grade; anything below D is an F. */
export const GRADE_THRESHOLDS: ReadonlyArray<readonly [Grade, number]> = [
  ['A', 90],
  ['B', 80],
  ['C', 70],
  ['D', 60],
];

/**
 * How bad each status is when statuses of several entities are merged: the
 * highest rank wins. Unknown ranks above pass so that a team never looks
 * verified because one of its clusters passed while another was not checked.
 */
export const ITEM_STATUS_RANK: Readonly<Record<ItemStatus, number>> = {
  fail: 6,
  partial: 5,
  unknown: 4,
  // An accepted risk is still a risk, and a statement is weaker than a check.
  accepted: 3,
  attested: 2,
  pass: 1,
  'not-applicable': 0,
};

/** Statuses that still need work. */
export function isOpenStatus(status: ItemStatus): boolean {
  return status === 'fail' || status === 'partial' || status === 'unknown';
}

/**
 * Findings that count against an item: failing or warning, above `info`, and not
 * covered by an active exception.
 */
export function isActionableFinding(
  finding: Pick<Finding, 'status' | 'severity' | 'accepted'>,
): boolean {
  return (
    finding.status !== 'pass' &&
    finding.severity !== 'info' &&
    finding.accepted === undefined
  );
}

/** Findings that would count against an item if no exception covered them. */
export function isAcceptedFinding(
  finding: Pick<Finding, 'status' | 'severity' | 'accepted'>,
): boolean {
  return (
    finding.accepted !== undefined &&
    finding.status !== 'pass' &&
    finding.severity !== 'info'
  );
}

/**
 * Status of one item from the engine's coverage and the item's findings:
 * - `fail` when any finding fails;
 * - `partial` when findings only warn, or coverage is partial without failures;
 * - `unknown` when there was no evidence (coverage `none`) and nothing was found;
 * - `pass` when coverage is full and nothing failed or warned.
 * Findings of severity `info` are ignored: they never lower a status on their own.
 */
export function itemStatus(
  coverage: Coverage,
  findings: ReadonlyArray<Pick<Finding, 'status' | 'severity' | 'accepted'>>,
): ItemStatus {
  const actionable = findings.filter(isActionableFinding);
  if (actionable.some(f => f.status === 'fail')) return 'fail';
  if (actionable.some(f => f.status === 'warn')) return 'partial';
  if (coverage === 'none') return 'unknown';
  if (coverage === 'partial') return 'partial';
  return 'pass';
}

/** The worse of two statuses, by ITEM_STATUS_RANK. */
export function worseItemStatus(a: ItemStatus, b: ItemStatus): ItemStatus {
  return ITEM_STATUS_RANK[b] > ITEM_STATUS_RANK[a] ? b : a;
}

/**
 * Merges the item statuses of several entities (for example all components of
 * a team, or all clusters of a service) into one status per item: the worst
 * status wins (fail > partial > unknown > pass > not-applicable). An item that
 * is missing from an entity's list contributes nothing for that entity.
 * The result is in plan order.
 */
export function mergeItemStatuses(
  entities: ReadonlyArray<ReadonlyArray<ItemStatusEntry>>,
): ItemStatusEntry[] {
  const merged = new Map<ActionItemId, ItemStatus>();
  for (const entries of entities) {
    for (const { itemId, status } of entries) {
      const previous = merged.get(itemId);
      merged.set(
        itemId,
        previous === undefined ? status : worseItemStatus(previous, status),
      );
    }
  }
  return ACTION_ITEM_IDS.flatMap(itemId => {
    const status = merged.get(itemId);
    return status === undefined ? [] : [{ itemId, status }];
  });
}

/** Grade of a score value (0..100), or null when there is no value. */
export function gradeForValue(value: number | null): Grade | null {
  if (value === null) return null;
  for (const [grade, threshold] of GRADE_THRESHOLDS) {
    if (value >= threshold) return grade;
  }
  return 'F';
}

function emptyCounts(): Record<ItemStatus, number> {
  return {
    pass: 0,
    fail: 0,
    partial: 0,
    unknown: 0,
    'not-applicable': 0,
    accepted: 0,
    attested: 0,
  };
}

/**
 * Score of one entity, weighted by each item's base impact:
 * - `value` = 100 x (earned weight / weight of scored items), rounded to an
 *   integer, where pass and attested earn 1, partial 0.5 and fail 0;
 * - `coverage` = weight of items with evidence / weight of applicable items
 *   (evidence + unknown), rounded to three decimals; accepted and attested items
 *   count as having evidence;
 * - unknown items lower `coverage` but not `value`; accepted items (a known risk
 *   the team chose to carry) count in `coverage` but not in `value`;
 *   not-applicable items count in neither;
 * - `value` and `grade` are null when no item had evidence.
 * The grade is taken from the rounded value, so the number shown and the grade
 * always agree. Several entries for the same item are merged first (worst wins);
 * ids that are not in the catalog are ignored.
 */
export function computeScore(statuses: ReadonlyArray<ItemStatusEntry>): Score {
  const entries = mergeItemStatuses([statuses]);
  const counts = emptyCounts();
  let evaluatedWeight = 0;
  let earnedWeight = 0;
  let unknownWeight = 0;
  let acceptedWeight = 0;

  for (const { itemId, status } of entries) {
    counts[status] += 1;
    const weight = getActionItem(itemId).baseImpact;
    if (status === 'unknown') {
      unknownWeight += weight;
    } else if (status === 'accepted') {
      acceptedWeight += weight;
    } else if (status !== 'not-applicable') {
      evaluatedWeight += weight;
      earnedWeight += weight * STATUS_CREDIT[status];
    }
  }

  const applicableWeight = evaluatedWeight + acceptedWeight + unknownWeight;
  const value =
    evaluatedWeight > 0
      ? Math.round((earnedWeight / evaluatedWeight) * 100)
      : null;
  const coverage =
    applicableWeight > 0
      ? Math.round(
          ((evaluatedWeight + acceptedWeight) / applicableWeight) * 1000,
        ) / 1000
      : 0;

  return { value, grade: gradeForValue(value), coverage, counts };
}

/**
 * Team-level score: merges the item statuses of every entity the team owns
 * (worst status per item wins, see mergeItemStatuses) and scores the result.
 */
export function combineScores(
  entities: ReadonlyArray<ReadonlyArray<ItemStatusEntry>>,
): Score {
  return computeScore(mergeItemStatuses(entities));
}
