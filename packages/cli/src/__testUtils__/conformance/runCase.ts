import type { CliIo } from '../../io';
import { runScan } from '../../commands/scan';
import type { ConformanceCase, ConformanceControl } from './corpus';

/** The part of a JSON report finding the harness judges. */
export interface CaseFinding {
  checkId: string;
  status: 'fail' | 'warn' | 'pass';
  message: string;
  standards: string[];
  resource: { kind: string; namespace: string | null; name: string };
}

export interface CaseRun {
  findings: CaseFinding[];
  /** Set when the case could not be scanned cleanly (unreadable file, input errors). */
  error?: string;
}

/** The CLI arguments that scan one case file alone, as a user would. */
export function caseArguments(c: ConformanceCase): string[] {
  const args = c.provider
    ? ['--cloud', c.file, '--provider', c.provider]
    : ['--manifests', c.file];
  if (c.scope === 'cluster') args.push('--scope', 'cluster');
  return [...args, '--format', 'json'];
}

/** Runs `kube-security scan` in-process on one case and returns its JSON findings. */
export async function runCase(
  c: ConformanceCase,
  cwd: string,
): Promise<CaseRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    cwd,
    env: {},
    now: () => new Date('2026-01-01T00:00:00Z'),
  };
  const code = await runScan(caseArguments(c), io);
  if (code !== 0 || !stdout) {
    return {
      findings: [],
      error: `scan exited with ${code}: ${stderr.trim() || 'no output'}`,
    };
  }
  const report = JSON.parse(stdout);
  const errors: Array<{ message: string; line: number | null }> =
    report.summary?.errors ?? [];
  return {
    findings: report.findings,
    ...(errors.length
      ? {
          error: `input errors: ${errors
            .map(e => (e.line ? `line ${e.line}: ${e.message}` : e.message))
            .join('; ')}`,
        }
      : {}),
  };
}

const describeFinding = (f: CaseFinding) =>
  `${f.checkId} ${f.status} on ${f.resource.kind} ${
    f.resource.namespace ? `${f.resource.namespace}/` : ''
  }${f.resource.name} [${f.standards.join(', ')}]`;

/**
 * What is wrong with one case's result, or undefined when it conforms. A report case needs a
 * fail or warn finding of one of the control's checks that carries the control id; a pass
 * case must have no fail or warn finding that carries it (`pass` findings are not alarms).
 */
export function judgeCase(
  control: ConformanceControl,
  c: ConformanceCase,
  run: CaseRun,
): string | undefined {
  if (run.error) return `${c.name}: ${run.error}`;
  const open = run.findings.filter(f => f.status !== 'pass');
  const carrying = open.filter(f => (f.standards ?? []).includes(control.id));
  if (c.expect === 'report') {
    const checks = control.checks ?? [];
    if (carrying.some(f => checks.includes(f.checkId))) return undefined;
    const near = open.filter(f => checks.includes(f.checkId));
    let hint = '; no finding at all';
    if (near.length > 0) {
      hint = `; findings of its checks without the id: ${near
        .map(describeFinding)
        .join('; ')}`;
    } else if (carrying.length > 0) {
      hint = `; other checks carry the id: ${carrying
        .map(describeFinding)
        .join('; ')}`;
    } else if (open.length > 0) {
      hint = `; other findings: ${open
        .slice(0, 5)
        .map(f => `${f.checkId} ${f.status}`)
        .join(', ')}`;
    }
    return `MISS ${c.name}: no fail/warn finding of ${checks.join(
      ', ',
    )} carrying "${control.id}"${hint}`;
  }
  if (carrying.length === 0) return undefined;
  return `FALSE ALARM ${c.name}: ${carrying.map(describeFinding).join('; ')}`;
}
