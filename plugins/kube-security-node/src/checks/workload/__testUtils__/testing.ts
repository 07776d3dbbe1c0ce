/* Test helpers for the workload checks: fixtures go through the real parser and index. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { buildIndex } from '../../../engine/buildIndex';
import type { Check, RawFinding } from '../../../engine/check';
import { resolveEngineOptions } from '../../../engine/evaluate';
import type { EngineOptions } from '../../../engine/options';
import { runChecks } from '../../../engine/runChecks';
import { parseManifestText } from '../../../snapshot/parse';
import type {
  CloudDescriptor,
  KubeObject,
  Snapshot,
} from '../../../snapshot/types';

const FIXTURES = join(__dirname, '../__fixtures__');

/** Objects of `__fixtures__/<item>/<file>`; a fixture that does not parse cleanly fails the test. */
export function fixtureObjects(item: string, file: string): KubeObject[] {
  const path = join(FIXTURES, item, file);
  const parsed = parseManifestText(readFileSync(path, 'utf8'), path);
  if (parsed.errors.length > 0) {
    throw new Error(
      `Fixture ${item}/${file} has errors: ${JSON.stringify(parsed.errors)}`,
    );
  }
  return parsed.objects;
}

export interface FixtureRun {
  /** Per check id: whether it had evidence. */
  evidence: Record<string, boolean>;
  findings: Array<RawFinding & { checkId: string }>;
}

export function runOn(
  checks: readonly Check[],
  objects: KubeObject[],
  options: {
    scope?: Snapshot['scope'];
    cloud?: CloudDescriptor;
    unreadableKinds?: string[];
    engine?: Partial<EngineOptions>;
  } = {},
): FixtureRun {
  const snapshot: Snapshot = {
    cluster: 'test',
    scope: options.scope ?? 'manifests',
    objects,
    cloud: options.cloud,
    unreadableKinds: options.unreadableKinds,
  };
  const runs = runChecks(
    checks,
    buildIndex(snapshot),
    resolveEngineOptions(options.engine),
  );
  const evidence: Record<string, boolean> = {};
  for (const run of runs) {
    if (run.error) throw new Error(`${run.check.id} threw: ${run.error}`);
    evidence[run.check.id] = run.hadEvidence;
  }
  return {
    evidence,
    findings: runs.flatMap(run =>
      run.findings.map(f => ({ ...f, checkId: run.check.id })),
    ),
  };
}

/**
 * One line per fail/warn finding, sorted: `<check slug> <status> <severity?>
 * <Kind>/<namespace>/<name>[/<container>] @ <evidence path>`. Severity is shown only when the
 * finding overrides the check's default.
 */
export function flagged(run: FixtureRun): string[] {
  return run.findings
    .filter(f => f.status !== 'pass')
    .map(f => {
      const slug = f.checkId.split('/')[1];
      const r = f.resource;
      const target = [r.kind, r.namespace ?? '-', r.name, r.container]
        .filter(p => p !== undefined)
        .join('/');
      const parts = [slug, f.status ?? 'fail'];
      if (f.severity) parts.push(f.severity);
      parts.push(target);
      if (f.evidencePath) parts.push(`@ ${f.evidencePath}`);
      return parts.join(' ');
    })
    .sort();
}

export function passes(run: FixtureRun): string[] {
  return run.findings
    .filter(f => f.status === 'pass')
    .map(f => `${f.checkId.split('/')[1]} ${f.message}`)
    .sort();
}
