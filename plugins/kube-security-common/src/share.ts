import { SEVERITY_RANK } from './severity';
import {
  Coverage,
  Finding,
  ItemScope,
  ItemShare,
  ResourceRef,
  Severity,
} from './types';

/**
 * The share of an item's evaluated resources that pass, weighted by severity; the score
 * credit of an item comes from it (docs/scoring.md, "Score").
 */

/** Kinds that run containers: a share made of these only is counted in workloads. */
export const WORKLOAD_UNIT_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  // Argo Rollouts' Deployments.
  'Rollout',
  'Pod',
]);

/**
 * Weight of a failing or warning resource in its item's share (a passing one weighs 1): a
 * worse problem counts for more, but one critical workload among ten still leaves the item
 * more than 85% of its credit, so fixing the other nine shows.
 */
export const RESOURCE_SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = {
  critical: 1.5,
  high: 1.25,
  medium: 1,
  low: 0.75,
  info: 0,
};

/** Credit of a warning resource, as a share of its weight. */
export const WARNING_CREDIT = 0.5;
/** Credit of a passing resource when some of the item's checks could not run. */
export const UNVERIFIED_PASS_CREDIT = 0.5;

/** One resource to fix: the containers of one workload count once. */
function resourceKey(resource: ResourceRef): string {
  return [
    resource.cluster ?? '',
    resource.kind,
    resource.namespace ?? '',
    resource.name,
  ].join('\u0000');
}

export interface ShareInput {
  /** Cluster items are counted per cluster, workload items per resource. */
  scope: ItemScope;
  /** The item's findings (accepted ones marked `accepted`). */
  findings: ReadonlyArray<
    Pick<Finding, 'status' | 'severity' | 'accepted' | 'resource'>
  >;
  /** The item's merged coverage: passing resources earn full credit only when `full`. */
  coverage: Coverage;
  /** Resources the item judged without finding anything (an entity's workloads). */
  resources?: ReadonlyArray<ResourceRef>;
  /** Clusters the item was evaluated on (cluster items). */
  clusters?: ReadonlyArray<string>;
}

type Outcome = 'pass' | 'accepted' | 'warn' | 'fail';
const OUTCOME_RANK: Readonly<Record<Outcome, number>> = {
  pass: 0,
  accepted: 1,
  warn: 2,
  fail: 3,
};

interface Judged {
  outcome: Outcome;
  kind: string;
  severity?: Severity;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The share of one item for one entity: every resource it was evaluated on (the given
 * resources or clusters, and every resource with a finding of the item) is passing,
 * warning or failing by its worst finding. Findings of severity `info` count for nothing;
 * a resource whose only problems are accepted risks is left out. Undefined when nothing
 * was evaluated.
 */
export function itemShare(input: ShareInput): ItemShare | undefined {
  const byCluster = input.scope === 'cluster';
  const keyOf = (r: ResourceRef) =>
    byCluster ? r.cluster ?? '' : resourceKey(r);
  const judged = new Map<string, Judged>();
  const see = (key: string, kind: string, outcome: Outcome, sev?: Severity) => {
    const was = judged.get(key);
    if (!was || OUTCOME_RANK[outcome] > OUTCOME_RANK[was.outcome]) {
      judged.set(key, { outcome, kind, severity: sev });
    } else if (
      outcome === was.outcome &&
      sev !== undefined &&
      (was.severity === undefined ||
        SEVERITY_RANK[sev] > SEVERITY_RANK[was.severity])
    ) {
      was.severity = sev;
    }
  };

  if (byCluster) {
    for (const cluster of input.clusters ?? []) see(cluster, 'Cluster', 'pass');
  } else {
    for (const r of input.resources ?? []) see(keyOf(r), r.kind, 'pass');
  }
  for (const f of input.findings) {
    if (f.severity === 'info') continue;
    const kind = byCluster ? 'Cluster' : f.resource.kind;
    let outcome: Outcome = f.status;
    if (f.status !== 'pass' && f.accepted !== undefined) outcome = 'accepted';
    see(
      keyOf(f.resource),
      kind,
      outcome,
      outcome === 'pass' ? undefined : f.severity,
    );
  }

  const passCredit = input.coverage === 'full' ? 1 : UNVERIFIED_PASS_CREDIT;
  let passing = 0;
  let total = 0;
  let earned = 0;
  let weight = 0;
  let workloadsOnly = true;
  for (const { outcome, kind, severity } of judged.values()) {
    if (outcome === 'accepted') continue;
    total += 1;
    if (!WORKLOAD_UNIT_KINDS.has(kind)) workloadsOnly = false;
    if (outcome === 'pass') {
      passing += 1;
      weight += 1;
      earned += passCredit;
      continue;
    }
    const w = RESOURCE_SEVERITY_WEIGHT[severity ?? 'medium'];
    weight += w;
    if (outcome === 'warn') earned += w * WARNING_CREDIT;
  }
  if (total === 0) return undefined;
  let unit: ItemShare['unit'] = workloadsOnly ? 'workloads' : 'resources';
  if (byCluster) unit = 'clusters';
  return {
    unit,
    passing,
    total,
    earned: round(earned),
    weight: round(weight),
  };
}

/** The shares of several entities (or clusters) for one item, added up. */
export function addShares(
  shares: ReadonlyArray<ItemShare | undefined>,
): ItemShare | undefined {
  let sum: ItemShare | undefined;
  for (const s of shares) {
    if (!s) continue;
    if (!sum) {
      sum = { ...s };
      continue;
    }
    sum = {
      unit: sum.unit === s.unit ? s.unit : 'resources',
      passing: sum.passing + s.passing,
      total: sum.total + s.total,
      earned: round(sum.earned + s.earned),
      weight: round(sum.weight + s.weight),
    };
  }
  return sum;
}

/** "41 of 50 workloads pass". */
export function describeShare(share: ItemShare): string {
  const unit = share.total === 1 ? share.unit.replace(/s$/, '') : share.unit;
  return `${share.passing} of ${share.total} ${unit} ${
    share.passing === 1 ? 'passes' : 'pass'
  }`;
}
