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
  itemStatus,
} from './scoring';
import { compareSeverity, SEVERITY_WEIGHT, worstSeverity } from './severity';
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

/** Fail before warn before pass, then worst severity, exposed first, then by name. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    FINDING_STATUS_ORDER[a.status] - FINDING_STATUS_ORDER[b.status] ||
    compareSeverity(a.severity, b.severity) ||
    Number(Boolean(b.exposure?.internet)) -
      Number(Boolean(a.exposure?.internet)) ||
    resourceKey(a.resource).localeCompare(resourceKey(b.resource)) ||
    (a.resource.container ?? '').localeCompare(b.resource.container ?? '') ||
    a.checkId.localeCompare(b.checkId)
  );
}

interface Impact {
  severity?: Severity;
  affected: number;
  exposed: number;
  dataStores: number;
}

function impactOf(findings: ReadonlyArray<Finding>): Impact {
  const actionable = findings.filter(isActionableFinding);
  // Failures decide the severity when there are any; warnings only otherwise.
  const failing = actionable.filter(f => f.status === 'fail');
  const severity = worstSeverity(
    (failing.length > 0 ? failing : actionable).map(f => f.severity),
  );
  const affected = new Set<string>();
  const exposed = new Set<string>();
  const dataStores = new Set<string>();
  for (const finding of actionable) {
    const key = resourceKey(finding.resource);
    affected.add(key);
    if (finding.exposure?.internet) exposed.add(key);
    if (finding.exposure?.dataStore) dataStores.add(key);
  }
  return {
    severity,
    affected: affected.size,
    exposed: exposed.size,
    dataStores: dataStores.size,
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

  const items = ACTION_ITEMS.map((item): PlanItem => {
    const findings = [...(findingsByItem.get(item.id) ?? [])].sort(
      compareFindings,
    );
    const coverage = coverages.get(item.id) ?? 'none';
    const applicable = input.applicable ? input.applicable(item) : true;
    const impact = impactOf(findings);
    const acceptedFindings = findings.filter(isAcceptedFinding).length;
    const itemException = itemExceptions.get(item.id);
    const attestation = attestations.get(item.id);
    const status: ItemStatus = applicable
      ? applyDecisions({
          status: itemStatus(coverage, findings),
          itemId: item.id,
          itemException,
          attestation,
          open: findings.filter(isActionableFinding).length,
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
    return {
      itemId: item.id,
      category: item.category,
      title: item.title,
      status,
      ...(impact.severity ? { severity: impact.severity } : {}),
      ...(acceptedFindings ? { acceptedFindings } : {}),
      ...(applicable && itemException
        ? { acceptance: toAcceptance(itemException) }
        : {}),
      ...(applicable && attestation
        ? { attestation: toAttestationSummary(attestation) }
        : {}),
      priority: computePriority({
        baseImpact: item.baseImpact,
        status,
        coverage,
        ...impact,
      }),
      affected: impact.affected,
      exposed: impact.exposed,
      ...(share ? { share } : {}),
      findings,
    };
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
