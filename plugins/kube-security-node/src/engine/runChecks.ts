import type { Check, RawFinding } from './check';
import type { EngineOptions } from './options';
import type { SnapshotIndex } from './SnapshotIndex';

/** What one check did on one snapshot. */
export interface CheckRun {
  check: Check;
  /** Whether it had evidence to judge (its `run` returned true and did not throw). */
  hadEvidence: boolean;
  findings: RawFinding[];
  /** Set when the check threw: its findings are discarded and it counts as no evidence. */
  error?: string;
}

/**
 * Runs checks over an index. A check that throws does not stop the others: it is reported
 * as having no evidence, so its item shows as unknown rather than passing.
 */
export function runChecks(
  checks: readonly Check[],
  index: SnapshotIndex,
  options: EngineOptions,
): CheckRun[] {
  return checks.map(check => {
    const findings: RawFinding[] = [];
    const run = runCheck(check, index, options, finding => {
      findings.push(finding);
    });
    if (run.error === undefined) run.findings = findings;
    return run;
  });
}

/**
 * Runs one check, handing what it reports to `report` as it goes; the run's `findings`
 * stay empty. When the check throws, the caller discards what it reported.
 */
export function runCheck(
  check: Check,
  index: SnapshotIndex,
  options: EngineOptions,
  report: (finding: RawFinding) => void,
): CheckRun {
  try {
    const hadEvidence = check.run({ index, options, report });
    return { check, hadEvidence: hadEvidence === true, findings: [] };
  } catch (e) {
    return {
      check,
      hadEvidence: false,
      findings: [],
      error: e instanceof Error ? e.message : String(e),
    };
  }
}
