import { promises as fs } from 'fs';
import path from 'path';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  PROVIDERS,
  buildPlan,
} from '@kube-security/plugin-kube-security-common';
import type {
  Provider,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import {
  DEFAULT_MANIFEST_LIMITS,
  applyAnnotationExceptions,
  collectFromKubeconfig,
  evaluate,
  readAnnotationExceptions,
} from '@kube-security/plugin-kube-security-node';
import type { Snapshot } from '@kube-security/plugin-kube-security-node';
import { CliIo, colorEnabled } from '../io';
import { formatInputError, loadInputs } from '../inputs';
import {
  ScanReport,
  formatAnnotationProblem,
  indexOrigins,
  isAccepted,
  needsWork,
  severityRank,
  sortFindings,
} from '../report';
import { formatJson } from '../formatters/json';
import { formatMarkdown } from '../formatters/markdown';
import { formatSarif } from '../formatters/sarif';
import { formatTable } from '../formatters/table';
import { terminalSafe } from '../formatters/terminalSafe';
import { cliVersion } from '../version';
import { parseCommand } from './parse';

export type OutputFormat = 'table' | 'json' | 'sarif' | 'markdown';
export type FailOn = Exclude<Severity, 'info'>;

export interface ScanOptions {
  manifests: string[];
  cloud: string[];
  provider?: Provider;
  cluster: string;
  format: OutputFormat;
  failOn?: FailOn;
  trustedRegistry: string[];
  output?: string;
  scope: Snapshot['scope'];
  /** `true` for the default kubeconfig (KUBECONFIG, ~/.kube/config), or a file. */
  kubeconfig?: string | boolean;
  context?: string;
  /** Longest an exception annotation may last, in days from today. */
  maxExceptionDays?: number;
  /** Largest manifest or descriptor file read, in bytes. */
  maxFileSize?: number;
  /** Most values YAML aliases may add to one document. */
  maxAliasExpansion?: number;
}

/** Same default as the backend's `exceptions.maxDays`. */
export const DEFAULT_MAX_EXCEPTION_DAYS = 180;

/** Exit codes, part of the CLI's contract with CI pipelines. */
export const EXIT_OK = 0;
export const EXIT_FAIL_ON = 1;
export const EXIT_NOTHING_READ = 2;

const collect = (value: string, previous: string[]) => [...previous, value];

function positiveDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(days) || days < 1) {
    throw new InvalidArgumentError(
      'expected a whole number of days, 1 or more.',
    );
  }
  return days;
}

function positiveCount(value: string): number {
  const count = Number(value);
  if (
    !/^\d+$/.test(value.trim()) ||
    !Number.isSafeInteger(count) ||
    count < 1
  ) {
    throw new InvalidArgumentError('expected a whole number, 1 or more.');
  }
  return count;
}

export function createScanCommand(io: CliIo, exit: { code: number }): Command {
  return new Command('scan')
    .description(
      'Scan manifests and/or cloud cluster descriptors and print the prioritized plan',
    )
    .option(
      '--manifests <path>',
      'manifest file or folder (YAML or JSON, searched recursively); repeatable',
      collect,
      [],
    )
    .option(
      '--cloud <file>',
      'cluster descriptor: aws eks describe-cluster, gcloud container clusters ' +
        'describe or az aks show output (JSON); repeatable for one cluster',
      collect,
      [],
    )
    .addOption(
      new Option(
        '--provider <provider>',
        'provider of the cluster; a --cloud file of another provider is an error',
      ).choices([...PROVIDERS]),
    )
    .option(
      '--cluster <name>',
      'cluster name shown in the results',
      'manifests',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'sarif', 'markdown'])
        .default('table'),
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit with code 1 when a failing finding has this severity or worse',
      ).choices(['critical', 'high', 'medium', 'low']),
    )
    .option(
      '--trusted-registry <prefix>',
      'registry host or host/path prefix whose images are trusted; repeatable',
      collect,
      [],
    )
    .addOption(
      new Option(
        '--scope <scope>',
        'use "cluster" when the manifests are a whole-cluster dump ' +
          '(kubectl get -A -o yaml) so cluster-wide checks can conclude',
      )
        .choices(['manifests', 'cluster'])
        .default('manifests'),
    )
    .option(
      '--kubeconfig [file]',
      'scan a live cluster through its API (read-only; Secrets are never read), ' +
        'with this kubeconfig or the default one',
    )
    .option(
      '--context <name>',
      'the kubeconfig context to scan (implies --kubeconfig; default: the current context)',
    )
    .addOption(
      new Option(
        '--max-exception-days <days>',
        'longest an exception annotation (kube-security.io/accept.<check>) may last, ' +
          'in days from today; longer ones are reported and not honoured',
      )
        .argParser(positiveDays)
        .default(DEFAULT_MAX_EXCEPTION_DAYS),
    )
    .addOption(
      new Option(
        '--max-file-size <bytes>',
        'largest manifest or descriptor file read; a larger one is reported and skipped',
      )
        .argParser(positiveCount)
        .default(DEFAULT_MANIFEST_LIMITS.maxFileBytes),
    )
    .addOption(
      new Option(
        '--max-alias-expansion <n>',
        'most values YAML aliases may add to one document; a file past it is reported and skipped',
      )
        .argParser(positiveCount)
        .default(DEFAULT_MANIFEST_LIMITS.maxAliasExpansion),
    )
    .option('--output <file>', 'write the report to a file instead of stdout')
    .action(async (options: ScanOptions) => {
      exit.code = await scan(options, io);
    });
}

/** Runs `kube-security scan` with the arguments that follow `scan`; resolves to the exit code. */
export async function runScan(args: string[], io: CliIo): Promise<number> {
  const exit = { code: EXIT_OK };
  const command = createScanCommand(io, exit).name('kube-security scan');
  return parseCommand(command, args, io, exit);
}

export async function scan(options: ScanOptions, io: CliIo): Promise<number> {
  // Messages carry file and object names: one line each, nothing the terminal acts on.
  const error = (message: string) =>
    io.stderr.write(`error: ${terminalSafe(message)}\n`);

  const live = Boolean(options.kubeconfig || options.context);
  if (options.manifests.length === 0 && options.cloud.length === 0 && !live) {
    error(
      'nothing to scan: pass --manifests <path>, --cloud <file> and/or --kubeconfig / --context',
    );
    return EXIT_NOTHING_READ;
  }

  const inputs = await loadInputs({
    manifests: options.manifests,
    cloud: options.cloud,
    provider: options.provider,
    limits: {
      maxFileBytes: options.maxFileSize ?? DEFAULT_MANIFEST_LIMITS.maxFileBytes,
      maxAliasExpansion:
        options.maxAliasExpansion ?? DEFAULT_MANIFEST_LIMITS.maxAliasExpansion,
    },
    cwd: io.cwd,
  });
  for (const inputError of inputs.errors) {
    error(formatInputError(inputError));
  }

  // A live cluster goes through the same collector as the Backstage backend.
  let cluster = options.cluster;
  let scope = options.scope;
  let unreadableKinds: string[] | undefined;
  if (live) {
    try {
      const collected = await collectFromKubeconfig({
        kubeconfigPath:
          typeof options.kubeconfig === 'string'
            ? options.kubeconfig
            : undefined,
        context: options.context,
        clusterName:
          options.cluster === 'manifests' ? undefined : options.cluster,
        provider: options.provider,
      });
      cluster = collected.cluster;
      scope = 'cluster';
      const { contribution } = collected;
      inputs.objects.push(...contribution.objects);
      inputs.origins.push(
        ...contribution.objects.map(() => ({
          file: `context ${collected.context}`,
        })),
      );
      for (const u of contribution.unreadable) {
        error(`${collected.context}: could not list ${u.kind}: ${u.reason}`);
      }
      unreadableKinds = contribution.unreadable.map(u => u.kind);
      // A cluster of which nothing could be listed was not scanned (an empty cluster was).
      if (
        contribution.objects.length > 0 ||
        contribution.unreadable.length === 0
      ) {
        inputs.readableFiles += 1;
      } else {
        error(
          `${collected.context}: no kind could be listed; check the identity's RBAC rights`,
        );
      }
    } catch (collectError) {
      error((collectError as Error).message);
      if (inputs.readableFiles === 0) return EXIT_NOTHING_READ;
    }
  }

  if (inputs.readableFiles === 0) {
    error(
      inputs.files.length === 0
        ? 'no manifest files (.yaml, .yml, .json) found; nothing was scanned'
        : 'none of the inputs could be read; nothing was scanned',
    );
    return EXIT_NOTHING_READ;
  }

  const provider = options.provider ?? inputs.cloud?.provider;
  const snapshot: Snapshot = {
    cluster,
    provider,
    collectedAt: new Date().toISOString(),
    objects: inputs.objects,
    origins: inputs.origins,
    cloud: inputs.cloud,
    scope,
    unreadableKinds,
  };
  const result = evaluate(
    snapshot,
    options.trustedRegistry.length > 0
      ? { trustedRegistries: options.trustedRegistry }
      : {},
  );
  // Exceptions as code: the objects' accept annotations. A bad one is reported, never honoured.
  const annotations = readAnnotationExceptions(snapshot, {
    now: io.now?.() ?? new Date(),
    maxDays: options.maxExceptionDays ?? DEFAULT_MAX_EXCEPTION_DAYS,
  });
  for (const problem of annotations.problems) {
    io.stderr.write(
      `warning: ${terminalSafe(formatAnnotationProblem(problem))}\n`,
    );
  }
  const findings = applyAnnotationExceptions(
    result.findings,
    annotations.exceptions,
  );
  const plan = buildPlan({ items: result.items, findings, provider });

  const report: ScanReport = {
    cluster,
    provider,
    scope,
    toolVersion: cliVersion,
    findings: sortFindings(findings, plan),
    plan,
    notes: result.notes,
    files: inputs.files,
    cloudFiles: inputs.cloudFiles,
    errors: inputs.errors,
    origins: indexOrigins(inputs.objects, inputs.origins),
    annotationProblems: annotations.problems,
  };

  const toFile = options.output !== undefined;
  const text = render(report, options.format, !toFile && colorEnabled(io));
  if (toFile) {
    const target = path.resolve(io.cwd, options.output!);
    try {
      await fs.writeFile(target, text, 'utf8');
    } catch (writeError) {
      error(
        `could not write ${options.output}: ${(writeError as Error).message}`,
      );
      return EXIT_NOTHING_READ;
    }
    io.stderr.write(
      `wrote ${options.format} report to ${terminalSafe(options.output!)}\n`,
    );
  } else {
    io.stdout.write(text);
  }

  if (options.failOn) {
    const threshold = severityRank(options.failOn);
    const atThreshold = report.findings.filter(
      f => f.status === 'fail' && severityRank(f.severity) <= threshold,
    );
    // Accepted findings do not fail the build until their exception expires.
    const failing = atThreshold.filter(needsWork);
    const accepted = atThreshold.filter(isAccepted).length;
    const acceptedNote =
      accepted > 0
        ? `; ${accepted} more ${accepted === 1 ? 'is' : 'are'} accepted`
        : '';
    if (failing.length > 0) {
      io.stderr.write(
        `${failing.length} failing finding${
          failing.length === 1 ? '' : 's'
        } at ` +
          `${options.failOn} severity or worse (--fail-on ${options.failOn})${acceptedNote}\n`,
      );
      return EXIT_FAIL_ON;
    }
  }
  return EXIT_OK;
}

function render(report: ScanReport, format: OutputFormat, color: boolean) {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'markdown':
      return formatMarkdown(report);
    default:
      return formatTable(report, { color });
  }
}
