import { ACTION_ITEM_IDS, getActionItem } from './catalog';
import {
  ActionItemId,
  CATEGORIES,
  Category,
  Coverage,
  Finding,
  Grade,
  ItemShare,
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
  /**
   * The share of the item's resources that pass, when the item is scored (see `PlanItem`);
   * without one, a scored status earns its STATUS_CREDIT as one unit.
   */
  share?: ItemShare;
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

/** The credit of an item: what its entries earn out of what they could earn. */
interface Credit {
  earned: number;
  weight: number;
}

interface PooledItem {
  itemId: ActionItemId;
  status: ItemStatus;
  share?: ItemShare;
  credit?: Credit;
}

/** Sums kept to a thousandth, as shares are (see addShares). */
const roundSum = (a: number, b: number) => Math.round((a + b) * 1000) / 1000;

/** One item's entries so far: the worst status, the shares and the credits added up. */
interface PoolSlot {
  status: ItemStatus;
  unit?: ItemShare['unit'];
  passing: number;
  total: number;
  earned: number;
  weight: number;
  credited: boolean;
  creditEarned: number;
  creditWeight: number;
}

/**
 * The item statuses of some entities pooled by item: each item's worst status, the sum of
 * its shares (an attested entry's resources all count as passing, see addShares) and the
 * sum of the credits its scored entries earn (their share, or, without one, their status's
 * STATUS_CREDIT as one unit). Pools of disjoint sets of entities add up to the pool of all
 * of them in any grouping (sums are kept to a thousandth, like shares), so a team's pool
 * can be made of its child teams' pools and its own entities' statuses.
 */
export class StatusPool {
  private readonly slots = new Map<ActionItemId, PoolSlot>();

  private slot(itemId: ActionItemId, status: ItemStatus): PoolSlot {
    let slot = this.slots.get(itemId);
    if (slot === undefined) {
      slot = {
        status,
        passing: 0,
        total: 0,
        earned: 0,
        weight: 0,
        credited: false,
        creditEarned: 0,
        creditWeight: 0,
      };
      this.slots.set(itemId, slot);
    } else if (ITEM_STATUS_RANK[status] > ITEM_STATUS_RANK[slot.status]) {
      slot.status = status;
    }
    return slot;
  }

  private static addShare(
    slot: PoolSlot,
    unit: ItemShare['unit'],
    passing: number,
    total: number,
    earned: number,
    weight: number,
  ) {
    if (slot.unit === undefined) {
      slot.unit = unit;
      slot.passing = passing;
      slot.total = total;
      slot.earned = earned;
      slot.weight = weight;
      return;
    }
    if (slot.unit !== unit) slot.unit = 'resources';
    slot.passing += passing;
    slot.total += total;
    slot.earned = roundSum(slot.earned, earned);
    slot.weight = roundSum(slot.weight, weight);
  }

  private static addCredit(slot: PoolSlot, earned: number, weight: number) {
    if (!slot.credited) {
      slot.credited = true;
      slot.creditEarned = earned;
      slot.creditWeight = weight;
      return;
    }
    slot.creditEarned = roundSum(slot.creditEarned, earned);
    slot.creditWeight = roundSum(slot.creditWeight, weight);
  }

  /** Adds one entity's entries. */
  addEntries(entries: ReadonlyArray<ItemStatusEntry>): this {
    for (const { itemId, status, share } of entries) {
      const slot = this.slot(itemId, status);
      if (share) {
        // An attested item's resources all earn full credit.
        const attested = status === 'attested';
        const passing = attested ? share.total : share.passing;
        const earned = attested ? share.weight : share.earned;
        StatusPool.addShare(
          slot,
          share.unit,
          passing,
          share.total,
          earned,
          share.weight,
        );
        StatusPool.addCredit(slot, earned, share.weight);
      } else if (
        status === 'pass' ||
        status === 'attested' ||
        status === 'partial' ||
        status === 'fail'
      ) {
        StatusPool.addCredit(slot, STATUS_CREDIT[status], 1);
      }
    }
    return this;
  }

  /** Adds another pool (of other entities). */
  addPool(other: StatusPool): this {
    for (const [itemId, o] of other.slots) {
      const slot = this.slot(itemId, o.status);
      if (o.unit !== undefined) {
        StatusPool.addShare(
          slot,
          o.unit,
          o.passing,
          o.total,
          o.earned,
          o.weight,
        );
      }
      if (o.credited)
        StatusPool.addCredit(slot, o.creditEarned, o.creditWeight);
    }
    return this;
  }

  /** The pooled items, in plan order. */
  private items(): PooledItem[] {
    const out: PooledItem[] = [];
    for (const itemId of ACTION_ITEM_IDS) {
      const slot = this.slots.get(itemId);
      if (slot === undefined) continue;
      out.push({
        itemId,
        status: slot.status,
        ...(slot.unit !== undefined
          ? {
              share: {
                unit: slot.unit,
                passing: slot.passing,
                total: slot.total,
                earned: slot.earned,
                weight: slot.weight,
              },
            }
          : {}),
        ...(slot.credited
          ? { credit: { earned: slot.creditEarned, weight: slot.creditWeight } }
          : {}),
      });
    }
    return out;
  }

  /**
   * The team's figures from the pool: its score (as combineScores), its merged items (as
   * mergeItemStatuses) and each category's score (as computeScore of that category's entries).
   */
  figures(): {
    score: Score;
    merged: ItemStatusEntry[];
    byCategory: Record<Category, Score>;
  } {
    return figuresOf(this.items());
  }

  /** The score of the pooled entries (see computeScore). */
  score(): Score {
    return scorePooled(this.items());
  }

  /** One entry per item: the worst status and the shares added up (see mergeItemStatuses). */
  merged(): ItemStatusEntry[] {
    return this.items().map(({ itemId, status, share }) => ({
      itemId,
      status,
      ...(share ? { share } : {}),
    }));
  }
}

/**
 * Merges the item statuses of several entities (for example all components of
 * a team, or all clusters of a service) into one entry per item. The status is
 * the worst one (fail > partial > unknown > pass > not-applicable), as the plan
 * shows it: the item stays open while any entity has work left. The share adds up
 * the resources of every entity scored on the item (an attested entity's all
 * count as passing). An item that is missing from an entity's list contributes
 * nothing for that entity. The result is in plan order.
 */
export function mergeItemStatuses(
  entities: ReadonlyArray<ReadonlyArray<ItemStatusEntry>>,
): ItemStatusEntry[] {
  const pool = new StatusPool();
  for (const entries of entities) pool.addEntries(entries);
  return pool.merged();
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
 *   integer, where an item earns the severity-weighted share of its resources
 *   that pass (share.earned / share.weight); an entry without a share earns 1
 *   for pass and attested, 0.5 for partial and 0 for fail;
 * - `coverage` = weight of items with evidence / weight of applicable items
 *   (evidence + unknown), rounded to three decimals; accepted and attested items
 *   count as having evidence;
 * - unknown items lower `coverage` but not `value`; accepted items (a known risk
 *   the team chose to carry) count in `coverage` but not in `value`;
 *   not-applicable items count in neither;
 * - `value` and `grade` are null when no item had evidence.
 * The grade is taken from the rounded value, so the number shown and the grade
 * always agree. Several entries for the same item are merged first (worst
 * status, shares added up, see mergeItemStatuses); ids that are not in the
 * catalog are ignored.
 */
export function computeScore(statuses: ReadonlyArray<ItemStatusEntry>): Score {
  return new StatusPool().addEntries(statuses).score();
}

/** The score of items already pooled (see StatusPool and computeScore). */
function scorePooled(pooled: ReadonlyArray<PooledItem>): Score {
  const counts = emptyCounts();
  let evaluatedWeight = 0;
  let knownWeight = 0;
  let earnedWeight = 0;
  let unknownWeight = 0;

  for (const { itemId, status, credit } of pooled) {
    counts[status] += 1;
    const weight = getActionItem(itemId).baseImpact;
    if (status === 'unknown') {
      unknownWeight += weight;
    } else if (status !== 'not-applicable') {
      knownWeight += weight;
    }
    // The credit comes from every scored entry, also when another one left the merged
    // item unknown or accepted.
    if (credit && credit.weight > 0) {
      evaluatedWeight += weight;
      earnedWeight += (weight * credit.earned) / credit.weight;
    }
  }

  const applicableWeight = knownWeight + unknownWeight;
  const value =
    evaluatedWeight > 0
      ? Math.round((earnedWeight / evaluatedWeight) * 100)
      : null;
  const coverage =
    applicableWeight > 0
      ? Math.round((knownWeight / applicableWeight) * 1000) / 1000
      : 0;

  return { value, grade: gradeForValue(value), coverage, counts };
}

/**
 * Team-level score: merges the items of every entity the team owns (see
 * mergeItemStatuses): each item earns the share of all the team's resources
 * that pass, and its status is the worst one.
 */
export function combineScores(
  entities: ReadonlyArray<ReadonlyArray<ItemStatusEntry>>,
): Score {
  return computeScore(entities.flat());
}

/**
 * What a team's roll-up takes from its entities' statuses, pooled once rather than once per
 * figure: the same values as `combineScores(entities)`, `mergeItemStatuses(entities)` and,
 * per category, `computeScore` of the entries of that category's items.
 */
export function poolTeamStatuses(
  entities: ReadonlyArray<ReadonlyArray<ItemStatusEntry>>,
): {
  score: Score;
  merged: ItemStatusEntry[];
  byCategory: Record<Category, Score>;
} {
  const pool = new StatusPool();
  for (const entries of entities) pool.addEntries(entries);
  return pool.figures();
}

function figuresOf(pooled: PooledItem[]): {
  score: Score;
  merged: ItemStatusEntry[];
  byCategory: Record<Category, Score>;
} {
  const inCategory = new Map<Category, PooledItem[]>(
    CATEGORIES.map(category => [category, []]),
  );
  for (const item of pooled) {
    inCategory.get(getActionItem(item.itemId).category)!.push(item);
  }
  return {
    score: scorePooled(pooled),
    merged: pooled.map(({ itemId, status, share }) => ({
      itemId,
      status,
      ...(share ? { share } : {}),
    })),
    byCategory: Object.fromEntries(
      CATEGORIES.map(category => [
        category,
        scorePooled(inCategory.get(category)!),
      ]),
    ) as Record<Category, Score>,
  };
}
