import { ACTION_ITEMS } from './catalog';
import {
  ATTESTABLE_ITEM_IDS,
  markAcceptedFindings,
  toAcceptance,
  toAttestationSummary,
} from './decisions';
import {
  computeScore,
  isAcceptedFinding,
  isActionableFinding,
  isOpenStatus,
} from './scoring';
import { compareSeverity, SEVERITY_RANK, SEVERITY_WEIGHT } from './severity';
import { itemShare } from './share';
import {
  ActionItem,
  ActionItemId,
  Attestation,
  CATEGORIES,
  CategorySummary,
  Coverage,
  Finding,
  ItemEvaluation,
  ItemStatus,
  Plan,
  PlanItem,
  Provider,
  ResourceRef,
  RiskException,
  Severity,
} from './types';

/**
 * Prioritisation of action items; docs/scoring.md explains the formula with a
 * worked example.
 *
 *   priority = baseImpact x statusFactor x severityWeight x exposureFactor x breadthFactor
 *
 * for items with failing or warning findings, where
 * - statusFactor   = 1 for fail, PARTIAL_STATUS_FACTOR for partial,
 * - severityWeight = SEVERITY_WEIGHT of the worst actionable finding,
 * - exposureFactor = 1 + INTERNET_EXPOSURE_BONUS if any affected resource is
 *                    internet-exposed, + DATA_STORE_BONUS if any holds data,
 * - breadthFactor  = 1 + log10(1 + affected) / 2 (affected = distinct resources).
 * Items whose evidence is missing or incomplete never drop below
 * baseImpact x UNCERTAINTY_FACTOR, which is also the whole priority of an
 * unknown item. Passing and not-applicable items have priority 0.
 */

/** Share of base impact given to an item nobody could verify. */
export const UNCERTAINTY_FACTOR = 0.6;
/** Warnings are less urgent than failures of the same severity. */
export const PARTIAL_STATUS_FACTOR = 0.75;
/** Added to the exposure factor when an affected resource is internet-exposed. */
export const INTERNET_EXPOSURE_BONUS = 0.5;
/** Added to the exposure factor when an affected resource holds data. */
export const DATA_STORE_BONUS = 0.25;

/** What the priority of one item depends on. */
export interface PriorityFactors {
  baseImpact: number;
  status: ItemStatus;
  /** Coverage of the item's evidence; anything but `full` sets the uncertainty floor. */
  coverage: Coverage;
  /** Worst severity of the actionable findings; absent when there are none. */
  severity?: Severity;
  /** Distinct resources with actionable findings. */
  affected: number;
  /** Of those, internet-exposed ones. */
  exposed: number;
  /** Of those, data-holding ones. */
  dataStores: number;
}

/** Priority of one item (higher comes first), rounded to one decimal. */
export function computePriority(factors: PriorityFactors): number {
  const { baseImpact, status, coverage, severity, affected } = factors;
  if (!isOpenStatus(status)) return 0;

  const floor = coverage === 'full' ? 0 : baseImpact * UNCERTAINTY_FACTOR;
  let fromFindings = 0;
  if (severity !== undefined && (status === 'fail' || status === 'partial')) {
    const statusFactor = status === 'fail' ? 1 : PARTIAL_STATUS_FACTOR;
    const exposureFactor =
      1 +
      (factors.exposed > 0 ? INTERNET_EXPOSURE_BONUS : 0) +
      (factors.dataStores > 0 ? DATA_STORE_BONUS : 0);
    const breadthFactor = 1 + Math.log10(1 + Math.max(0, affected)) / 2;
    fromFindings =
      baseImpact *
      statusFactor *
      SEVERITY_WEIGHT[severity] *
      exposureFactor *
      breadthFactor;
  }
  return Math.round(Math.max(floor, fromFindings) * 10) / 10;
}

export interface BuildPlanInput {
  /** Coverage per item; items missing from the list count as coverage `none`. */
  items: ReadonlyArray<ItemEvaluation>;
  findings: ReadonlyArray<Finding>;
  provider?: Provider;
  /** Items for which this returns false get status `not-applicable`. */
  applicable?: (item: ActionItem) => boolean;
  /** Exceptions in force (the caller leaves out revoked and expired ones). */
  exceptions?: ReadonlyArray<RiskException>;
  /** Attestations in force (the caller leaves out revoked and expired ones). */
  attestations?: ReadonlyArray<Attestation>;
  /**
   * The resources the plan answers for (an entity's workloads): workload items are
   * scored on the share of these, and of any resource with a finding, that pass.
   */
  resources?: ReadonlyArray<ResourceRef>;
  /** The clusters the plan answers for: cluster items are scored per cluster. */
  clusters?: ReadonlyArray<string>;
}

/** Statuses whose credit comes from the item's share of passing resources. */
const SCORED_STATUSES: ReadonlySet<ItemStatus> = new Set([
  'pass',
  'partial',
  'fail',
  'attested',
]);

/**
 * What decisions make of an item's status computed from its unaccepted findings:
 * - an item-wide exception turns any open status into `accepted`;
 * - an attestation of an attestable item turns `unknown`, or `partial` that only comes
 *   from missing evidence, into `attested`; a failing or warning check always wins over
 *   a statement, and a verified pass stays `pass`;
 * - an item that would pass (or is unknown) but has accepted findings is `accepted`.
 */
export function applyDecisions(input: {
  status: ItemStatus;
  itemId: ActionItemId;
  itemException?: RiskException;
  attestation?: Attestation;
  /** Unaccepted actionable findings. */
  open: number;
  /** Accepted findings that would otherwise count. */
  accepted: number;
}): ItemStatus {
  const { status } = input;
  if (status === 'not-applicable') return status;
  if (input.itemException && isOpenStatus(status)) return 'accepted';
  if (
    input.attestation &&
    ATTESTABLE_ITEM_IDS.has(input.itemId) &&
    input.open === 0 &&
    (status === 'unknown' || status === 'partial')
  ) {
    return 'attested';
  }
  if (input.accepted > 0 && (status === 'pass' || status === 'unknown')) {
    return 'accepted';
  }
  return status;
}

// When one item is evaluated several times (several clusters), its coverage is
// merged so that the item's status matches what mergeItemStatuses would give
// for the per-cluster statuses: partial beats none beats full.
const COVERAGE_MERGE_RANK: Readonly<Record<Coverage, number>> = {
  partial: 2,
  none: 1,
  full: 0,
};

function coverageByItem(
  evaluations: ReadonlyArray<ItemEvaluation>,
): Map<ActionItemId, Coverage> {
  const result = new Map<ActionItemId, Coverage>();
  for (const { itemId, coverage } of evaluations) {
    const previous = result.get(itemId);
    if (
      previous === undefined ||
      COVERAGE_MERGE_RANK[coverage] > COVERAGE_MERGE_RANK[previous]
    ) {
      result.set(itemId, coverage);
    }
  }
  return result;
}

function resourceKey(resource: ResourceRef): string {
  // Containers of one workload are one resource to fix.
  return [
    resource.cluster ?? '',
    resource.kind,
    resource.namespace ?? '',
    resource.name,
  ].join('\u0000');
}

const FINDING_STATUS_ORDER = { fail: 0, warn: 1, pass: 2 } as const;

/**
 * Fail before warn before pass, then worst severity, exposed first, then by name; `keyOf`
 * gives a finding's resource key (see resourceKey), made once per finding.
 */
function findingOrder(keyOf: (finding: Finding) => string) {
  return (a: Finding, b: Finding): number =>
    FINDING_STATUS_ORDER[a.status] - FINDING_STATUS_ORDER[b.status] ||
    compareSeverity(a.severity, b.severity) ||
    Number(Boolean(b.exposure?.internet)) -
      Number(Boolean(a.exposure?.internet)) ||
    keyOf(a).localeCompare(keyOf(b)) ||
    (a.resource.container ?? '').localeCompare(b.resource.container ?? '') ||
    a.checkId.localeCompare(b.checkId);
}

interface Impact {
  severity?: Severity;
  affected: number;
  exposed: number;
  dataStores: number;
}

/** What an item's findings add up to: its impact, and the counts its status comes from. */
interface Tally {
  impact: Impact;
  /** Unaccepted actionable findings (see isActionableFinding). */
  open: number;
  /** Accepted findings that would otherwise count (see isAcceptedFinding). */
  accepted: number;
  /** Whether an actionable one fails. */
  failing: boolean;
}

const NO_FINDINGS: Tally = {
  impact: { affected: 0, exposed: 0, dataStores: 0 },
  open: 0,
  accepted: 0,
  failing: false,
};

/** The worse of two severities (see worstSeverity). */
function worse(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

/** The status its findings and coverage give an item (see itemStatus). */
function statusOf(coverage: Coverage, tally: Tally): ItemStatus {
  if (tally.failing) return 'fail';
  // Actionable findings that do not fail warn.
  if (tally.open > 0) return 'partial';
  if (coverage === 'none') return 'unknown';
  if (coverage === 'partial') return 'partial';
  return 'pass';
}

function tallyOf(
  findings: ReadonlyArray<Finding>,
  keyOf: (finding: Finding) => string,
): Tally {
  if (findings.length === 0) return NO_FINDINGS;
  let open = 0;
  let accepted = 0;
  // Failures decide the severity when there are any; warnings only otherwise.
  let worstFailing: Severity | undefined;
  let worstOpen: Severity | undefined;
  const affected = new Set<string>();
  const exposed = new Set<string>();
  const dataStores = new Set<string>();
  for (const finding of findings) {
    if (isAcceptedFinding(finding)) accepted++;
    if (!isActionableFinding(finding)) continue;
    open++;
    worstOpen = worse(worstOpen, finding.severity);
    if (finding.status === 'fail') {
      worstFailing = worse(worstFailing, finding.severity);
    }
    const key = keyOf(finding);
    affected.add(key);
    if (finding.exposure?.internet) exposed.add(key);
    if (finding.exposure?.dataStore) dataStores.add(key);
  }
  const severity = worstFailing ?? worstOpen;
  return {
    impact: {
      ...(severity ? { severity } : {}),
      affected: affected.size,
      exposed: exposed.size,
      dataStores: dataStores.size,
    },
    open,
    accepted,
    failing: worstFailing !== undefined,
  };
}

const ORDER_BY_ID: ReadonlyMap<ActionItemId, number> = new Map(
  ACTION_ITEMS.map(item => [item.id, item.order]),
);

const STATUS_GROUP: Readonly<Record<ItemStatus, number>> = {
  fail: 0,
  partial: 0,
  unknown: 0,
  accepted: 1,
  attested: 1,
  pass: 1,
  'not-applicable': 2,
};

/**
 * Builds the prioritised plan of one entity, cluster or team: open items
 * (fail, partial, unknown) by priority, highest first, then passing, accepted and
 * attested items, then not-applicable ones; ties keep plan order. Evaluations and
 * findings of items that are not in the catalog are ignored. Findings covered by an
 * exception stay in the plan, marked `accepted`, but no longer count as failing.
 */
export function buildPlan(input: BuildPlanInput): Plan {
  const coverages = coverageByItem(input.items);
  const exceptions = input.exceptions ?? [];
  const itemExceptions = new Map<ActionItemId, RiskException>();
  for (const e of exceptions) {
    const previous = itemExceptions.get(e.itemId);
    if (e.scope === 'item' && (!previous || e.expiresAt > previous.expiresAt)) {
      itemExceptions.set(e.itemId, e);
    }
  }
  const attestations = new Map<ActionItemId, Attestation>();
  for (const a of input.attestations ?? []) {
    const previous = attestations.get(a.itemId);
    if (!previous || a.expiresAt > previous.expiresAt) {
      attestations.set(a.itemId, a);
    }
  }
  const findingsByItem = new Map<ActionItemId, Finding[]>();
  for (const finding of markAcceptedFindings(input.findings, exceptions)) {
    const list = findingsByItem.get(finding.itemId) ?? [];
    list.push(finding);
    findingsByItem.set(finding.itemId, list);
  }

  // Each finding's resource key, made once: sorting and counting compare them often.
  const keys = new Map<Finding, string>();
  const keyOf = (finding: Finding): string => {
    let key = keys.get(finding);
    if (key === undefined) {
      key = resourceKey(finding.resource);
      keys.set(finding, key);
    }
    return key;
  };
  const order = findingOrder(keyOf);

  const items = ACTION_ITEMS.map((item): PlanItem => {
    // The lists are this plan's own: sorted in place.
    const findings = findingsByItem.get(item.id)?.sort(order) ?? [];
    const coverage = coverages.get(item.id) ?? 'none';
    const applicable = input.applicable ? input.applicable(item) : true;
    const tally = tallyOf(findings, keyOf);
    const { impact } = tally;
    const acceptedFindings = tally.accepted;
    const itemException = itemExceptions.get(item.id);
    const attestation = attestations.get(item.id);
    const status: ItemStatus = applicable
      ? applyDecisions({
          status: statusOf(coverage, tally),
          itemId: item.id,
          itemException,
          attestation,
          open: tally.open,
          accepted: acceptedFindings,
        })
      : 'not-applicable';
    const share = SCORED_STATUSES.has(status)
      ? itemShare({
          scope: item.scope,
          findings,
          coverage,
          resources: input.resources,
          clusters: input.clusters,
        })
      : undefined;
    // Properties set one by one, in the order the plan item has always had.
    const planItem = {
      itemId: item.id,
      category: item.category,
      title: item.title,
      status,
    } as PlanItem;
    if (impact.severity) planItem.severity = impact.severity;
    if (acceptedFindings) planItem.acceptedFindings = acceptedFindings;
    if (applicable && itemException) {
      planItem.acceptance = toAcceptance(itemException);
    }
    if (applicable && attestation) {
      planItem.attestation = toAttestationSummary(attestation);
    }
    planItem.priority = computePriority({
      baseImpact: item.baseImpact,
      status,
      coverage,
      ...impact,
    });
    planItem.affected = impact.affected;
    planItem.exposed = impact.exposed;
    if (share) planItem.share = share;
    planItem.findings = findings;
    return planItem;
  });

  items.sort(
    (a, b) =>
      STATUS_GROUP[a.status] - STATUS_GROUP[b.status] ||
      b.priority - a.priority ||
      (ORDER_BY_ID.get(a.itemId) ?? 0) - (ORDER_BY_ID.get(b.itemId) ?? 0),
  );

  const categories: CategorySummary[] = CATEGORIES.map(category => {
    const inCategory = items.filter(
      i => i.category === category && i.status !== 'not-applicable',
    );
    return {
      category,
      open: inCategory.filter(i => isOpenStatus(i.status)).length,
      total: inCategory.length,
    };
  });

  return {
    ...(input.provider ? { provider: input.provider } : {}),
    items,
    categories,
    score: computeScore(
      items.map(({ itemId, status, share }) => ({
        itemId,
        status,
        ...(share ? { share } : {}),
      })),
    ),
  };
}
