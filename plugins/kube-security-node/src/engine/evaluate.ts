import { compareStrings } from '../util/compareStrings';
import { getCheckDefinition } from '@kube-security/plugin-kube-security-common';
import type {
  ActionItemId,
  Coverage,
  EvaluationResult,
  Finding,
  FindingStatus,
  ItemEvaluation,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import { UNREADABLE_FILE_KIND, type Snapshot } from '../snapshot/types';
import { buildIndex } from './buildIndex';
import type { Check } from './check';
import { FindingBuilder, sha256 } from './findings';
import { ENGINE_ITEM_IDS, itemOrder, itemTitle } from './items';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from './options';
import { runCheck, type CheckRun } from './runChecks';
import type { SnapshotIndex } from './SnapshotIndex';

export { checkStandards, findingId } from './findings';

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
 * Gives findings that share a check and resource (a check that reports twice on one
 * container) distinct ids that still do not depend on the order of the snapshot's objects.
 * The very same finding twice (an object present in two files) is kept once, with the
 * plain id.
 */
function disambiguate(findings: Finding[]): Finding[] {
  // Most checks report each resource once: one set of ids tells whether any id repeats.
  const ids = new Set<string>();
  for (const finding of findings) {
    const size = ids.size;
    if (ids.add(finding.id).size === size)
      return disambiguateRepeated(findings);
  }
  return findings;
}

/** disambiguate for a list in which some id occurs more than once. */
function disambiguateRepeated(findings: Finding[]): Finding[] {
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

/** compareStrings, with a missing text as empty; equal texts (the common case) first. */
function compareText(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  if (x === y) return 0;
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
 * The key of sortWithinCheck: its parts joined by the lowest character, so that one text
 * comparison orders as comparing the parts one by one (a part that is a prefix of the other
 * comes first, as it does on its own).
 */
const SEPARATOR = '\u0000';
/** How many separators a key holds (five when none of its parts holds one). */
function separators(key: string): number {
  let count = 0;
  for (
    let at = key.indexOf(SEPARATOR);
    at >= 0;
    at = key.indexOf(SEPARATOR, at + 1)
  ) {
    count++;
  }
  return count;
}

/** Status and severity (0 to 23) as one character of the key. */
const RANK_CHARS = Array.from({ length: 24 }, (_, i) =>
  String.fromCharCode(0x41 + i),
);

/**
 * Appends one check's findings to `out` in compareWithinCheck order. Each finding's keys are
 * joined once into one text and positions are sorted by it: each of the dozen comparisons
 * per finding is then one text comparison instead of up to seven field reads and compares.
 */
function sortWithinCheck(group: Finding[], out: Finding[]): void {
  const n = group.length;
  const keys = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const finding = group[i];
    const status = STATUS_RANK[finding.status];
    const severity = SEVERITY_RANK[finding.severity];
    if (typeof status !== 'number' || typeof severity !== 'number') {
      // A status or severity outside the scale: compareWithinCheck says what that means.
      for (const f of group.sort(compareWithinCheck)) out.push(f);
      return;
    }
    const { resource } = finding;
    const key =
      // Higher status and severity first: their pair as one character, lower for higher.
      RANK_CHARS[23 - (status * 8 + severity)] +
      (resource.namespace ?? '') +
      SEPARATOR +
      (resource.kind ?? '') +
      SEPARATOR +
      (resource.name ?? '') +
      SEPARATOR +
      (resource.container ?? '') +
      SEPARATOR +
      (finding.evidencePath ?? '') +
      SEPARATOR +
      (finding.id ?? '');
    if (separators(key) !== 5) {
      // A key holding the separator would not order as its parts do.
      for (const f of group.sort(compareWithinCheck)) out.push(f);
      return;
    }
    keys[i] = key;
  }
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const x = keys[a];
    const y = keys[b];
    if (x === y) return 0;
    return x < y ? -1 : 1;
  });
  for (let i = 0; i < n; i++) out.push(group[order[i]]);
}

/**
 * Findings without repeated ids (see disambiguate), sorted by compareFindings. Item and
 * check id, its first two keys, are the same for all findings of a check: the checks are
 * ordered once and each check's findings are sorted by the remaining keys, which takes
 * fewer and cheaper comparisons than one sort of everything and gives the same order.
 * Ids start with the check id, so only findings of one check can share one.
 *
 * @param byCheck - each check id's findings, in the order they were reported
 */
function sortedFindings(byCheck: Map<string, Finding[]>): Finding[] {
  const groups = [...byCheck.values()];
  if (groups.some(group => group.some(f => f.itemId !== group[0].itemId))) {
    // One check id under two items.
    return disambiguate(groups.flat()).sort(compareFindings);
  }
  groups.sort(
    (a, b) =>
      itemOrder(a[0].itemId) - itemOrder(b[0].itemId) ||
      compareText(a[0].checkId, b[0].checkId),
  );
  const sorted: Finding[] = [];
  for (const group of groups) {
    sortWithinCheck(disambiguate(group), sorted);
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
  const provider = snapshot.provider ?? snapshot.cloud?.provider;
  const builder = new FindingBuilder(index, snapshot.cluster, provider);
  const byCheck = new Map<string, Finding[]>();
  // Each finding is built as the check reports it: what the check reported then dies young
  // instead of being copied by garbage collections until the check ends.
  const runs = checks.map(check => {
    let group = byCheck.get(check.id);
    if (!group) {
      group = [];
      byCheck.set(check.id, group);
    }
    const before = group.length;
    const run = runCheck(
      check,
      index,
      resolved,
      builder.reporter(check, group),
    );
    // A check that threw: its findings are discarded (see runCheck).
    if (run.error !== undefined) group.length = before;
    if (group.length === 0) byCheck.delete(check.id);
    return run;
  });
  const findings = sortedFindings(byCheck);

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
