import { getCheckDefinition } from '@kube-security/plugin-kube-security-common';
import type {
  ActionItemId,
  Coverage,
  EvaluationResult,
  ItemEvaluation,
} from '@kube-security/plugin-kube-security-common';
import { UNREADABLE_FILE_KIND, type Snapshot } from '../snapshot/types';
import { buildIndex } from './buildIndex';
import type { Check } from './check';
import { FindingBuilder } from './findings';
import { ENGINE_ITEM_IDS, itemOrder, itemTitle } from './items';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from './options';
import { runCheck, type CheckRun } from './runChecks';
import type { SnapshotIndex } from './SnapshotIndex';
import {
  compareText,
  sortedFindings,
  type CheckFindings,
} from './sortFindings';

export { checkStandards, findingId } from './findings';

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

/** The first and last finding of each check of the latest evaluation (see keepFindingShapes). */
const keptFindings: object[] = [];

/**
 * Keeps a few findings of this evaluation alive until the next one: a finding given fields
 * after it is made has a hidden class of its own that dies with the last such finding, and
 * with it the finding builder's code optimized for it (see util/keepShape).
 */
function keepFindingShapes(byCheck: Map<string, CheckFindings>): void {
  keptFindings.length = 0;
  for (const { findings } of byCheck.values()) {
    keptFindings.push(findings[0], findings[findings.length - 1]);
  }
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
  const byCheck = new Map<string, CheckFindings>();
  // Each finding is built as the check reports it: what the check reported then dies young
  // instead of being copied by garbage collections until the check ends.
  const runs = checks.map(check => {
    let group = byCheck.get(check.id);
    if (!group) {
      group = { findings: [], resources: [] };
      byCheck.set(check.id, group);
    }
    const before = group.findings.length;
    const run = runCheck(
      check,
      index,
      resolved,
      builder.reporter(check, group.findings, group.resources),
    );
    // A check that threw: its findings are discarded (see runCheck).
    if (run.error !== undefined) {
      group.findings.length = before;
      group.resources.length = before;
    }
    if (group.findings.length === 0) byCheck.delete(check.id);
    return run;
  });
  builder.detach();
  keepFindingShapes(byCheck);
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
