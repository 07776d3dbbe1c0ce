import { compareStrings } from '../util/compareStrings';
import { createHash, hash } from 'crypto';
import {
  getCheckDefinition,
  providerOfStandardId,
} from '@kube-security/plugin-kube-security-common';
import type {
  ActionItemId,
  Coverage,
  EvaluationResult,
  Finding,
  FindingStatus,
  ItemEvaluation,
  Provider,
  ResourceRef,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import { UNREADABLE_FILE_KIND, type Snapshot } from '../snapshot/types';
import { buildIndex, WORKLOAD_KINDS } from './buildIndex';
import type { Check, RawFinding } from './check';
import { categoryOfItem, ENGINE_ITEM_IDS, itemOrder, itemTitle } from './items';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from './options';
import { runChecks, type CheckRun } from './runChecks';
import type { SnapshotIndex } from './SnapshotIndex';

const WORKLOAD_KIND_SET = new Set(WORKLOAD_KINDS);

const STATUS_RANK: Record<FindingStatus, number> = {
  fail: 2,
  warn: 1,
  pass: 0,
};
const SEVERITY_RANK: Record<Severity, number> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
};

// `crypto.hash` (one-shot, Node 20.12+/21.7+) is several times cheaper than a Hash object
// for short inputs; both give the same digest.
const sha256Hex: (text: string) => string =
  typeof hash === 'function'
    ? text => hash('sha256', text, 'hex')
    : text => createHash('sha256').update(text).digest('hex');

function sha256(text: string): string {
  return sha256Hex(text).slice(0, 24);
}

/** Stable across scans: the same check on the same resource of the same cluster. */
export function findingId(checkId: string, resource: ResourceRef): string {
  return sha256(
    `${checkId}|${resource.cluster ?? ''}|${resource.kind}|${
      resource.namespace ?? ''
    }|${resource.name}|${resource.container ?? ''}`,
  );
}

/** Engine options with every field filled in from the defaults. */
export function resolveEngineOptions(
  options: Partial<EngineOptions> = {},
): EngineOptions {
  const resolved = { ...DEFAULT_ENGINE_OPTIONS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (resolved as any)[key] = value;
  }
  return resolved;
}

/**
 * The standard control ids a check's findings carry: its catalog definition's, without the
 * provider CIS ids of other providers when the cluster's provider is known.
 */
export function checkStandards(
  checkId: string,
  provider: Provider | undefined,
): readonly string[] {
  const ids = getCheckDefinition(checkId)?.standards ?? [];
  if (!provider) return ids;
  return ids.filter(id => {
    const of = providerOfStandardId(id);
    return of === undefined || of === provider;
  });
}

/**
 * The finding's ids: the check's, narrowed by the raw finding (never widened). Each
 * finding gets its own array (a consumer may change one finding's list).
 */
function findingStandards(
  checkIds: readonly string[],
  raw: RawFinding,
): string[] {
  if (!raw.standards) return checkIds.slice();
  return checkIds.filter(id => raw.standards!.includes(id));
}

/**
 * Frozen copies of the label and exposure objects findings carry, one per source object
 * and evaluation: the findings of one workload share them instead of a copy each. Copies
 * are taken after every check has run, as before, so sharing cannot change what they hold.
 */
class SharedCopies {
  private readonly copies = new Map<object, Readonly<object> | null>();

  /** The copy of `source`; `undefined` for an object without keys when `skipEmpty`. */
  of<T extends object>(source: T, skipEmpty: boolean): T | undefined {
    let copy = this.copies.get(source);
    if (copy === undefined) {
      copy =
        skipEmpty && Object.keys(source).length === 0
          ? null
          : Object.freeze({ ...source });
      this.copies.set(source, copy);
    }
    return (copy ?? undefined) as T | undefined;
  }
}

function toFinding(
  check: Check,
  raw: RawFinding,
  cluster: string,
  index: SnapshotIndex,
  standards: readonly string[],
  shared: SharedCopies,
): Finding {
  const resource: ResourceRef = {
    cluster,
    kind: raw.resource.kind,
    name: raw.resource.name,
  };
  if (raw.resource.namespace !== undefined)
    resource.namespace = raw.resource.namespace;
  if (raw.resource.container !== undefined)
    resource.container = raw.resource.container;

  const finding: Finding = {
    id: findingId(check.id, resource),
    checkId: check.id,
    itemId: check.itemId,
    category: categoryOfItem(check.itemId),
    status: raw.status ?? 'fail',
    severity:
      raw.severity ??
      check.severity ??
      getCheckDefinition(check.id)?.severity ??
      'medium',
    message: raw.message,
    resource,
  };
  if (raw.evidencePath) finding.evidencePath = raw.evidencePath;
  if (standards.length > 0) {
    const ids = findingStandards(standards, raw);
    if (ids.length > 0) finding.standards = ids;
  }

  let labels = raw.labels;
  let exposure = raw.exposure;
  if (!labels || !exposure) {
    const workload =
      WORKLOAD_KIND_SET.has(resource.kind) && resource.namespace !== undefined
        ? index.workload(resource.kind, resource.namespace, resource.name)
        : undefined;
    labels ??= workload?.labels;
    exposure ??= workload?.exposure;
  }
  if (labels) {
    const copy = shared.of(labels, true);
    if (copy) finding.labels = copy;
  }
  if (exposure) finding.exposure = shared.of(exposure, false);
  return finding;
}

/**
 * Gives findings that share a check and resource (a check that reports twice on one
 * container) distinct ids that still do not depend on the order of the snapshot's objects.
 * The very same finding twice (an object present in two files) is kept once, with the
 * plain id.
 */
function disambiguate(findings: Finding[]): Finding[] {
  const variantOf = (f: Finding) => `${f.evidencePath ?? ''}|${f.message}`;
  // Most ids occur once: only an id seen twice gets a map of its variants, so a large
  // cluster does not allocate one map and one key string per finding.
  const first = new Map<string, Finding>();
  const repeated = new Map<string, Map<string, Finding>>();
  for (const finding of findings) {
    const earlier = first.get(finding.id);
    if (!earlier) {
      first.set(finding.id, finding);
      continue;
    }
    let group = repeated.get(finding.id);
    if (!group) {
      group = new Map([[variantOf(earlier), earlier]]);
      repeated.set(finding.id, group);
    }
    const variant = variantOf(finding);
    if (!group.has(variant)) group.set(variant, finding);
  }
  const out: Finding[] = [];
  for (const [id, finding] of first) {
    const group = repeated.get(id);
    if (!group || group.size === 1) {
      out.push(finding);
      continue;
    }
    for (const [variant, variantFinding] of group) {
      out.push({ ...variantFinding, id: sha256(`${id}|${variant}`) });
    }
  }
  return out;
}

function compareText(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return compareStrings(x, y);
}

/** Plan order, then check, then resource: the same snapshot always gives the same list. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    itemOrder(a.itemId) - itemOrder(b.itemId) ||
    compareText(a.checkId, b.checkId) ||
    compareWithinCheck(a, b)
  );
}

/** compareFindings for two findings of the same item and check. */
function compareWithinCheck(a: Finding, b: Finding): number {
  return (
    STATUS_RANK[b.status] - STATUS_RANK[a.status] ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareText(a.resource.namespace, b.resource.namespace) ||
    compareText(a.resource.kind, b.resource.kind) ||
    compareText(a.resource.name, b.resource.name) ||
    compareText(a.resource.container, b.resource.container) ||
    compareText(a.evidencePath, b.evidencePath) ||
    compareText(a.id, b.id)
  );
}

/**
 * Sorts findings by compareFindings. Item and check id, its first two keys, are the same
 * for all findings of a check: the checks are ordered once and each check's findings are
 * sorted by the remaining keys, which takes fewer and cheaper comparisons than one sort of
 * everything and gives the same order.
 */
function sortFindings(findings: Finding[]): Finding[] {
  const byCheck = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = byCheck.get(finding.checkId);
    if (!group) byCheck.set(finding.checkId, [finding]);
    else if (group[0].itemId !== finding.itemId) {
      return findings.sort(compareFindings); // one check id under two items
    } else group.push(finding);
  }
  const groups = [...byCheck.values()].sort(
    (a, b) =>
      itemOrder(a[0].itemId) - itemOrder(b[0].itemId) ||
      compareText(a[0].checkId, b[0].checkId),
  );
  const sorted: Finding[] = [];
  for (const group of groups) {
    group.sort(compareWithinCheck);
    for (const finding of group) sorted.push(finding);
  }
  return sorted;
}

/**
 * Whether a check may have missed objects it reads: a kind it reads could not be read, or a
 * file could not be read (any kind may be missing) and the check judges Kubernetes objects.
 */
function readsUnreadable(check: Check, index: SnapshotIndex): boolean {
  if ((check.reads ?? []).some(kind => !index.canRead(kind))) return true;
  if (!(index.snapshot.unreadableKinds ?? []).includes(UNREADABLE_FILE_KIND)) {
    return false;
  }
  const definition = getCheckDefinition(check.id);
  if (!definition) return true;
  return [
    definition.evidence,
    ...(definition.additionalEvidence ?? []),
  ].includes('kubernetes');
}

/**
 * Whether a check that had no evidence could not have had any in this snapshot. Manifests
 * show what is in the files and nothing else: a check whose objects are not in them has
 * nothing to judge, cluster-wide facts (checks of scope `cluster`) are never there, and
 * cloud settings only come with a descriptor. None of these makes its item partial; the
 * notes say what the scan could not see. A check that reads a descriptor the scan did get,
 * and found nothing to judge in it, still does.
 */
function outOfSight(run: CheckRun, snapshot: Snapshot): boolean {
  if (run.hadEvidence || run.error || snapshot.scope !== 'manifests') {
    return false;
  }
  const definition = getCheckDefinition(run.check.id);
  if (!definition) return false;
  return !(definition.evidence === 'cloud' && snapshot.cloud);
}

function itemEvaluations(
  allRuns: CheckRun[],
  index: SnapshotIndex,
  snapshot: Snapshot,
): ItemEvaluation[] {
  const runs = allRuns.filter(run => !outOfSight(run, snapshot));
  const byItem = new Map<ActionItemId, CheckRun[]>();
  for (const run of runs) {
    const list = byItem.get(run.check.itemId);
    if (list) list.push(run);
    else byItem.set(run.check.itemId, [run]);
  }
  const ids = new Set<ActionItemId>([...ENGINE_ITEM_IDS, ...byItem.keys()]);
  return [...ids]
    .sort((a, b) => itemOrder(a) - itemOrder(b) || compareText(a, b))
    .map(itemId => {
      const itemRuns = byItem.get(itemId) ?? [];
      const withEvidence = itemRuns.filter(run => run.hadEvidence);
      let coverage: Coverage;
      if (withEvidence.length === 0) {
        coverage = 'none';
      } else if (
        withEvidence.length < itemRuns.length ||
        itemRuns.some(run => readsUnreadable(run.check, index))
      ) {
        coverage = 'partial';
      } else {
        coverage = 'full';
      }
      return {
        itemId,
        coverage,
        checksRun: withEvidence.map(run => run.check.id).sort(),
      };
    });
}

function plural(kind: string): string {
  if (!/^[A-Z]/.test(kind)) return kind; // already a resource name such as `clusterroles`
  if (/(s|x|ch|sh)$/.test(kind)) return `${kind}es`;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}

function notesFor(
  snapshot: Snapshot,
  runs: CheckRun[],
  index: SnapshotIndex,
): string[] {
  const notes: string[] = [];
  if (snapshot.objects.length === 0) {
    notes.push(
      'The snapshot holds no Kubernetes objects: workload and image items could not be judged',
    );
  }
  // One note for everything that could not be read, naming the items it leaves incomplete.
  const unreadable = [...new Set(snapshot.unreadableKinds ?? [])];
  if (unreadable.length > 0) {
    const affected = new Set<string>();
    for (const run of runs) {
      if (readsUnreadable(run.check, index)) affected.add(run.check.itemId);
    }
    const kinds = unreadable
      .map(k => (k === UNREADABLE_FILE_KIND ? 'files' : plural(k)))
      .join(', ');
    const items = [...affected]
      .sort((a, b) => itemOrder(a) - itemOrder(b))
      .map(itemId => `"${itemTitle(itemId)}"`);
    notes.push(
      items.length > 0
        ? `${kinds} could not be read, so these items are incomplete: ${items.join(
            ', ',
          )}`
        : `${kinds} could not be read`,
    );
  }
  if (!snapshot.cloud) {
    notes.push(
      "No cloud descriptor: cloud and cluster items need the provider's settings",
    );
  }
  if (snapshot.scope === 'manifests') {
    notes.push(
      'Only manifests were scanned, so cluster-wide facts are not judged: installed log and runtime agents, admission policy engines, whether the network plugin enforces NetworkPolicy, and RBAC bindings and namespaces that are not in these files',
    );
  }
  for (const run of runs) {
    if (run.error) {
      notes.push(`Check ${run.check.id} failed and was skipped: ${run.error}`);
    }
  }
  return notes;
}

/**
 * Evaluates every check on one snapshot: pure and synchronous. The snapshot is indexed
 * once; each check reads the index, so the whole evaluation is linear in the objects.
 * The package's index binds `checks` to the registry (ALL_CHECKS); tests pass their own.
 */
export function evaluate(
  snapshot: Snapshot,
  options: Partial<EngineOptions>,
  checks: readonly Check[],
): EvaluationResult {
  const resolved = resolveEngineOptions(options);
  const index = buildIndex(snapshot);
  const runs = runChecks(checks, index, resolved);
  const provider = snapshot.provider ?? snapshot.cloud?.provider;

  const shared = new SharedCopies();
  const raws: Finding[] = [];
  for (const run of runs) {
    if (run.findings.length === 0) continue;
    const standards = checkStandards(run.check.id, provider);
    for (const raw of run.findings) {
      raws.push(
        toFinding(run.check, raw, snapshot.cluster, index, standards, shared),
      );
    }
  }
  const findings = sortFindings(disambiguate(raws));

  const result: EvaluationResult = {
    cluster: snapshot.cluster,
    findings,
    items: itemEvaluations(runs, index, snapshot),
    notes: notesFor(snapshot, runs, index),
    failedChecks: runs
      .filter(run => run.error !== undefined)
      .map(run => ({
        checkId: run.check.id,
        itemId: run.check.itemId,
        error: run.error!,
      })),
  };
  if (provider) result.provider = provider;
  return result;
}
