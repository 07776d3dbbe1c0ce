/*
 * Engine benchmark: how long evaluate() takes on a realistic snapshot compared with the
 * unavoidable cost of reading it (JSON.parse), how that scales from 10k to 100k pods, and
 * how much memory a process holding and evaluating the snapshot needs.
 *
 * Run through bench/run.cjs (it adds --expose-gc and the TypeScript transform):
 *   node plugins/kube-security-node/bench/run.cjs [--pods 10000,100000] [--runs 5]
 *        [--seed 42] [--breakdown] [--json]
 *
 * Each size is measured in a fresh Node process so that one size's heap and JIT state do
 * not leak into the next, and peak RSS belongs to that size alone. Nothing here asserts a
 * time: the numbers go to docs/benchmarks.md with the machine they came from.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { checkPodCounts, podCounts, readFlags } from './args';
import { fmt, mb, printMachine, printTable } from './report';
import { countKinds, generateSnapshot, slimSnapshot } from './synthetic';
import type { Snapshot } from '../src/snapshot/types';

interface Args {
  pods: number[];
  runs?: number;
  seed: number;
  breakdown: boolean;
  slim: boolean;
  json: boolean;
  measure?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    pods: [10000, 100000],
    seed: 42,
    breakdown: false,
    slim: false,
    json: false,
  };
  readFlags(argv, (arg, value) => {
    if (arg === '--pods') args.pods = podCounts(value());
    else if (arg === '--runs') args.runs = Number(value());
    else if (arg === '--seed') args.seed = Number(value());
    else if (arg === '--breakdown') args.breakdown = true;
    else if (arg === '--slim') args.slim = true;
    else if (arg === '--json') args.json = true;
    else if (arg === '--measure') args.measure = value();
    else throw new Error(`unknown argument ${arg}`);
  });
  checkPodCounts(args.pods);
  return args;
}

/** Result of measuring one size, sent from the child process as one JSON line. */
interface Measurement {
  pods: number;
  objects: number;
  jsonBytes: number;
  kinds: Record<string, number>;
  runs: number;
  parseMs: number[];
  evaluateMs: number[];
  /** Process CPU time (all threads, GC helpers included) of the same runs. */
  parseCpuMs: number[];
  evaluateCpuMs: number[];
  /** One-minute load average before and after: other work on the machine skews wall times. */
  load: [number, number];
  findings: number;
  workloads?: number;
  /** V8 heap held by the parsed snapshot (after GC, the JSON text dropped). */
  snapshotHeapMb: number;
  rssLoadedMb: number;
  rssPeakDuringEvaluateMb: number;
  maxRssMb: number;
  heapAfterEvaluateMb: number;
  breakdown?: Array<{ name: string; ms: number; findings: number }>;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

function gc() {
  const collect = (globalThis as any).gc as (() => void) | undefined;
  if (!collect) throw new Error('run with --expose-gc (use bench/run.cjs)');
  collect();
}

/** Objects per page, as a collector listing with `limit=500` receives them. */
const PAGE_SIZE = 500;

/**
 * Writes the snapshot as JSON lines: the snapshot without its objects, then one JSON array
 * per page of objects. A 100k-pod cluster is over 500 MB of JSON, beyond V8's maximum
 * string length, and no collector reads it as one document anyway: the API returns pages.
 */
function writeSnapshot(snapshot: Snapshot, file: string): number {
  const fd = fs.openSync(file, 'w');
  try {
    const { objects, ...head } = snapshot;
    fs.writeSync(fd, `${JSON.stringify(head)}\n`);
    for (let i = 0; i < objects.length; i += PAGE_SIZE) {
      fs.writeSync(fd, `${JSON.stringify(objects.slice(i, i + PAGE_SIZE))}\n`);
    }
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

/** The page texts of a file written by writeSnapshot (decoded once, outside the timings). */
function readPages(file: string): string[] {
  const buffer = fs.readFileSync(file);
  const pages: string[] = [];
  let start = 0;
  for (
    let end = buffer.indexOf(10);
    end !== -1;
    end = buffer.indexOf(10, start)
  ) {
    pages.push(buffer.toString('utf8', start, end));
    start = end + 1;
  }
  return pages;
}

/** The floor: JSON.parse of every page, gathered into one snapshot. */
function parsePages(pages: string[]): Snapshot {
  const snapshot = JSON.parse(pages[0]) as Snapshot;
  const objects: Snapshot['objects'] = [];
  for (let i = 1; i < pages.length; i++) {
    const page = JSON.parse(pages[i]) as Snapshot['objects'];
    for (const object of page) objects.push(object);
  }
  snapshot.objects = objects;
  return snapshot;
}

/**
 * Samples the process RSS from another thread while the main thread is busy in the
 * synchronous evaluate(); maxRSS alone would be dominated by the JSON string read earlier.
 */
function startRssSampler() {
  const shared = new SharedArrayBuffer(8);
  const peak = new BigInt64Array(shared);
  const worker = new Worker(
    `const { workerData } = require('worker_threads');
     const peak = new BigInt64Array(workerData);
     setInterval(() => {
       const rss = BigInt(process.memoryUsage.rss());
       if (rss > Atomics.load(peak, 0)) Atomics.store(peak, 0, rss);
     }, 2);`,
    { eval: true, workerData: shared },
  );
  return {
    reset: () => Atomics.store(peak, 0, BigInt(process.memoryUsage.rss())),
    peak: () => Number(Atomics.load(peak, 0)),
    stop: () => worker.terminate(),
  };
}

async function measure(
  file: string,
  pods: number,
  args: Args,
): Promise<Measurement> {
  // Imported here so the orchestrating process never loads the engine.
  const engine = require('../src') as typeof import('../src');
  const runs = args.runs ?? (pods >= 50000 ? 3 : 5);
  const sampler = startRssSampler();
  await new Promise(resolve => setTimeout(resolve, 20)); // let the sampler start

  gc();
  const heapBase = process.memoryUsage().heapUsed;
  let pages: string[] | undefined = readPages(file);
  const jsonBytes = fs.statSync(file).size;
  const loadBefore = os.loadavg()[0];

  // Warm-up, then parse and evaluate alternately, so that load from other processes on the
  // machine weighs on both alike and their ratio stays meaningful.
  engine.evaluate(parsePages(pages));
  const parseMs: number[] = [];
  const evaluateMs: number[] = [];
  const parseCpuMs: number[] = [];
  const evaluateCpuMs: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    gc();
    let cpu = process.cpuUsage();
    let start = process.hrtime.bigint();
    const parsed = parsePages(pages);
    parseMs.push(Number(process.hrtime.bigint() - start) / 1e6);
    parseCpuMs.push(cpuMs(process.cpuUsage(cpu)));
    gc();
    cpu = process.cpuUsage();
    start = process.hrtime.bigint();
    const result = engine.evaluate(parsed);
    evaluateMs.push(Number(process.hrtime.bigint() - start) / 1e6);
    evaluateCpuMs.push(cpuMs(process.cpuUsage(cpu)));
    findings = result.findings.length;
  }

  // Memory: what a reader holds once the text is gone, and the peak while evaluating.
  const snapshot = parsePages(pages);
  pages = undefined;
  gc();
  const rssLoaded = process.memoryUsage.rss();
  const snapshotHeap = process.memoryUsage().heapUsed - heapBase;
  sampler.reset();
  const kept = engine.evaluate(snapshot);
  await new Promise(resolve => setTimeout(resolve, 10));
  const rssPeak = sampler.peak();
  const heapAfterEvaluate = process.memoryUsage().heapUsed;
  findings = kept.findings.length;

  let breakdown: Measurement['breakdown'];
  let workloads: number | undefined;
  if (args.breakdown) {
    ({ breakdown, workloads } = timeChecks(engine, snapshot, runs));
  }
  await sampler.stop();

  return {
    pods,
    objects: snapshot.objects.length,
    jsonBytes,
    kinds: countKinds(snapshot),
    runs,
    parseMs,
    evaluateMs,
    parseCpuMs,
    evaluateCpuMs,
    load: [loadBefore, os.loadavg()[0]],
    findings,
    workloads,
    snapshotHeapMb: mb(snapshotHeap),
    rssLoadedMb: mb(rssLoaded),
    rssPeakDuringEvaluateMb: mb(rssPeak),
    // Linux reports maxRSS in kilobytes.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapAfterEvaluateMb: mb(heapAfterEvaluate),
    breakdown,
  };
}

/**
 * Times buildIndex and every check on its own (median of `runs`), the way evaluate() runs
 * them, to show which one dominates. The remainder of evaluate() (ids, exposure, labels,
 * item coverage) is reported by the caller as evaluate minus this sum.
 */
function timeChecks(
  engine: typeof import('../src'),
  snapshot: Snapshot,
  runs: number,
) {
  const samples = new Map<string, number[]>();
  const counts = new Map<string, number>();
  const time = (name: string, fn: () => void) => {
    const start = process.hrtime.bigint();
    fn();
    const list = samples.get(name) ?? [];
    list.push(Number(process.hrtime.bigint() - start) / 1e6);
    samples.set(name, list);
  };
  let workloads = 0;
  for (let i = 0; i < runs; i++) {
    gc();
    let index!: ReturnType<typeof engine.buildIndex>;
    time('buildIndex', () => {
      index = engine.buildIndex(snapshot);
    });
    workloads = index.workloads.length;
    for (const check of engine.ALL_CHECKS) {
      let found = 0;
      const ctx = {
        index,
        options: engine.DEFAULT_ENGINE_OPTIONS,
        report: () => {
          found++;
        },
      };
      time(check.id, () => check.run(ctx));
      counts.set(check.id, found);
    }
  }
  const breakdown = [...samples.entries()]
    .map(([name, values]) => ({
      name,
      ms: median(values),
      findings: counts.get(name) ?? 0,
    }))
    .sort((a, b) => b.ms - a.ms);
  return { breakdown, workloads };
}

function printReport(results: Measurement[], args: Args) {
  printMachine(
    'engine',
    `seed ${args.seed}${args.slim ? ', slimmed snapshot (--slim)' : ''}`,
  );

  const rows = results.map(r => {
    const parse = median(r.parseMs);
    const evaluate = median(r.evaluateMs);
    return [
      fmt(r.pods),
      fmt(r.objects),
      `${fmt(mb(r.jsonBytes), 1)} MB`,
      `${fmt(parse)} ms`,
      `${fmt(evaluate)} ms`,
      `${fmt(evaluate / parse, 2)}x`,
      `${fmt(median(r.evaluateCpuMs) / median(r.parseCpuMs), 2)}x`,
      fmt(r.findings),
      `${fmt(r.snapshotHeapMb)} MB`,
      `${fmt(r.rssLoadedMb)} MB`,
      `${fmt(r.rssPeakDuringEvaluateMb)} MB`,
      `${fmt(r.maxRssMb)} MB`,
    ];
  });
  const header = [
    'pods',
    'objects',
    'JSON',
    'JSON.parse',
    'evaluate',
    'eval/parse',
    '(CPU time)',
    'findings',
    'snapshot heap',
    'RSS loaded',
    'RSS peak eval',
    'max RSS',
  ];
  printTable(header, rows);
  const runsText = results
    .map(r => `${r.runs} runs at ${fmt(r.pods)} pods`)
    .join(', ');
  console.log(
    `\nwall-clock medians of ${runsText}, parse and evaluate alternating, after a warm-up`,
  );
  const loads = results.map(
    r => `${fmt(r.load[0], 1)}-${fmt(r.load[1], 1)} at ${fmt(r.pods)} pods`,
  );
  console.log(
    `load average (1 min) during the runs: ${loads.join(', ')} on ${
      os.cpus().length
    } cores`,
  );

  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1];
    const b = results[i];
    const size = b.pods / a.pods;
    const factor = (x: number[], y: number[]) =>
      fmt(median(y) / median(x) / size, 2);
    console.log(
      `scaling ${fmt(a.pods)} -> ${fmt(b.pods)} pods (x${fmt(size)}): ` +
        `evaluate ${factor(a.evaluateMs, b.evaluateMs)} ` +
        `(CPU ${factor(a.evaluateCpuMs, b.evaluateCpuMs)}), ` +
        `JSON.parse ${factor(a.parseMs, b.parseMs)} ` +
        `(CPU ${factor(a.parseCpuMs, b.parseCpuMs)}); ` +
        'time ratio / size ratio, 1.00 = linear',
    );
  }

  for (const r of results) {
    console.log(
      `\nobjects at ${fmt(r.pods)} pods: ${Object.entries(r.kinds)
        .sort((x, y) => y[1] - x[1])
        .map(([k, n]) => `${k} ${fmt(n)}`)
        .join(', ')}`,
    );
    if (!r.breakdown) continue;
    const total = median(r.evaluateMs);
    const sum = r.breakdown.reduce((s, b) => s + b.ms, 0);
    console.log(
      `per-check time at ${fmt(r.pods)} pods (${fmt(
        r.workloads ?? 0,
      )} workloads; evaluate ${fmt(total)} ms):`,
    );
    for (const b of r.breakdown.slice(0, 15)) {
      console.log(
        `  ${fmt(b.ms, 1).padStart(9)} ms  ${fmt(
          (100 * b.ms) / total,
          1,
        ).padStart(5)}%  ${b.name}${
          b.name === 'buildIndex' ? '' : ` (${fmt(b.findings)} findings)`
        }`,
      );
    }
    console.log(
      `  ${fmt(Math.max(0, total - sum), 1).padStart(9)} ms  ${fmt(
        (100 * Math.max(0, total - sum)) / total,
        1,
      ).padStart(
        5,
      )}%  rest of evaluate (finding ids, exposure, labels, coverage)`,
    );
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.measure) {
    const pods = Number(path.basename(args.measure).match(/(\d+)/)?.[1]);
    const result = await measure(args.measure, pods, args);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-security-bench-'));
  const results: Measurement[] = [];
  try {
    for (const pods of args.pods) {
      process.stderr.write(`generating ${pods} pods... `);
      const file = path.join(dir, `snapshot-${pods}.json`);
      let snapshot: Snapshot | undefined = generateSnapshot({
        pods,
        seed: args.seed,
      });
      if (args.slim) snapshot = slimSnapshot(snapshot);
      const bytes = writeSnapshot(snapshot, file);
      snapshot = undefined;
      process.stderr.write(`${fmt(mb(bytes), 1)} MB; measuring... `);
      const child = spawnSync(
        process.execPath,
        [
          ...process.execArgv,
          __filename,
          '--measure',
          file,
          ...process.argv.slice(2).filter(a => a !== '--json'),
        ],
        {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      if (child.status !== 0) {
        throw new Error(
          `measuring ${pods} pods failed (exit ${child.status}, signal ${child.signal})`,
        );
      }
      const lines = child.stdout.trim().split('\n');
      results.push(JSON.parse(lines[lines.length - 1]));
      process.stderr.write('done\n');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    printReport(results, args);
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
