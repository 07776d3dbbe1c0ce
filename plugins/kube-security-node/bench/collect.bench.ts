/*
 * Collection benchmark (issue 17, memory): the peak RSS of a process that collects the
 * synthetic cluster from a Kubernetes API server, paged, with the real collector, and
 * evaluates it; the objects projected to what the checks read (what the collector does)
 * against the full objects (what it did before), measured in the same run.
 *
 *   node plugins/kube-security-node/bench/run.cjs --collect [--pods 100000] [--seed 42]
 *        [--page-size 500] [--runs 1] [--json]
 *
 * The API server is the tests' FakeKubernetesApiServer in a child process of its own, so
 * that the cluster it serves is not in the measured process. Each collection runs in a
 * fresh Node process (default flags) and reports its `maxRSS`, the high-water mark of the
 * whole process: start-up, collection, evaluation and the result held at the end. Nothing
 * here asserts anything: the figures go to docs/benchmarks.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { createHash } from 'crypto';
import * as os from 'os';
import * as readline from 'readline';
import { checkPodCounts, podCounts, readFlags } from './args';
import { fmt, mb, printMachine, printTable } from './report';

interface Args {
  pods: number[];
  seed: number;
  pageSize: number;
  runs: number;
  json: boolean;
}

type Mode = 'projected' | 'full';

interface Measurement {
  mode: Mode;
  pods: number;
  objects: number;
  findings: number;
  /** SHA-256 of every finding and note, in order: equal digests, equal results. */
  digest: string;
  collectMs: number;
  evaluateMs: number;
  /** V8 heap in use after collection (no GC forced). */
  heapAfterCollectMb: number;
  /** The process high-water mark when collection was done (before evaluating). */
  maxRssCollectMb: number;
  maxRssMb: number;
  requests: number;
  load: [number, number];
}

function parseArgs(argv: string[]): Args & {
  serve?: boolean;
  measure?: Mode;
  url?: string;
  token?: string;
} {
  const args: ReturnType<typeof parseArgs> = {
    pods: [100000],
    seed: 42,
    pageSize: 500,
    runs: 1,
    json: false,
  };
  readFlags(argv, (arg, value) => {
    if (arg === '--pods') args.pods = podCounts(value());
    else if (arg === '--seed') args.seed = Number(value());
    else if (arg === '--page-size') args.pageSize = Number(value());
    else if (arg === '--runs') args.runs = Number(value());
    else if (arg === '--json') args.json = true;
    else if (arg === '--collect') return;
    else if (arg === '--serve') args.serve = true;
    else if (arg === '--measure') args.measure = value() as Mode;
    else if (arg === '--url') args.url = value();
    else if (arg === '--token') args.token = value();
    else throw new Error(`unknown argument ${arg}`);
  });
  checkPodCounts(args.pods);
  if (!Number.isInteger(args.pageSize) || args.pageSize <= 0) {
    throw new Error('--page-size takes a positive integer');
  }
  if (!Number.isInteger(args.runs) || args.runs <= 0) {
    throw new Error('--runs takes a positive integer');
  }
  return args;
}

/** Child: serves the synthetic cluster until its stdin closes. */
async function serve(pods: number, seed: number) {
  const { generateSnapshot } =
    require('./synthetic') as typeof import('./synthetic');
  const { FakeKubernetesApiServer } =
    require('../src/collect/testing') as typeof import('../src/collect/testing');
  const snapshot = generateSnapshot({ pods, seed });
  const server = await FakeKubernetesApiServer.start();
  // The server keeps a copy of each object: seed in slices and let the originals go.
  const objects = snapshot.objects;
  snapshot.objects = [];
  while (objects.length) server.seed(objects.splice(0, 5000));
  const { cloud, provider, cluster, collectedAt } = snapshot;
  process.stdout.write(
    `${JSON.stringify({
      url: server.url,
      token: server.token,
      cluster,
      provider,
      collectedAt,
      cloud,
    })}\n`,
  );
  process.stdin.resume();
  process.stdin.on('end', () => server.stop().then(() => process.exit(0)));
}

/** Child: collects from the server, evaluates, and reports one JSON line. */
async function measure(
  mode: Mode,
  url: string,
  token: string,
  pageSize: number,
  pods: number,
) {
  const head = JSON.parse(await readLine(process.stdin));
  const engine = require('../src') as typeof import('../src');
  const { collectCluster } =
    require('../src/collect/kubernetes/collectCluster') as typeof import('../src/collect/kubernetes/collectCluster');
  const { resolveKubeConfig } =
    require('../src/collect/kubernetes/config') as typeof import('../src/collect/kubernetes/config');
  const { clientNode } =
    require('../src/collect/kubernetes/clientNode') as typeof import('../src/collect/kubernetes/clientNode');
  clientNode();
  const loadBefore = os.loadavg()[0];

  const clusterConfig = {
    name: head.cluster,
    url,
    serviceAccountToken: token,
    skipTLSVerify: true,
  };
  let start = process.hrtime.bigint();
  let contribution;
  if (mode === 'projected') {
    // What the backend runs: the Kubernetes API collector, projection on.
    const collector = new engine.KubernetesApiCollector([clusterConfig], {
      pageSize,
      scanTimeoutMs: 3_600_000,
    });
    contribution = await collector.collect(head.cluster);
  } else {
    // The same collector keeping every object as the API sent it (the baseline).
    contribution = await collectCluster({
      cluster: head.cluster,
      config: resolveKubeConfig(clusterConfig),
      options: { pageSize, scanTimeoutMs: 3_600_000 },
      full: true,
    });
  }
  const collectMs = Number(process.hrtime.bigint() - start) / 1e6;
  const heapAfterCollect = process.memoryUsage().heapUsed;
  const maxRssCollectMb = process.resourceUsage().maxRSS / 1024;
  const requests = Number(
    /in (\d+) requests/.exec(contribution.notes[0] ?? '')?.[1] ?? 0,
  );

  start = process.hrtime.bigint();
  const result = engine.evaluate({
    cluster: head.cluster,
    provider: head.provider,
    collectedAt: head.collectedAt,
    scope: 'cluster',
    objects: contribution.objects,
    cloud: head.cloud,
  });
  const evaluateMs = Number(process.hrtime.bigint() - start) / 1e6;
  // Linux reports maxRSS in kilobytes. Read before hashing, which allocates.
  const maxRssMb = process.resourceUsage().maxRSS / 1024;

  const hash = createHash('sha256');
  for (const finding of result.findings) hash.update(JSON.stringify(finding));
  hash.update(JSON.stringify({ ...result, findings: undefined }));
  const out: Measurement = {
    mode,
    pods,
    objects: contribution.objects.length,
    findings: result.findings.length,
    digest: hash.digest('hex').slice(0, 16),
    collectMs,
    evaluateMs,
    heapAfterCollectMb: mb(heapAfterCollect),
    maxRssCollectMb,
    maxRssMb,
    requests,
    load: [loadBefore, os.loadavg()[0]],
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function readLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: stream });
    lines.once('line', line => {
      resolve(line);
      lines.close();
    });
    lines.once('close', () => reject(new Error('no input')));
  });
}

function startServer(pods: number, seed: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // The served cluster is large (about 2 GB of objects at 100k pods).
      '--max-old-space-size=12288',
      ...process.execArgv,
      __filename,
      '--serve',
      '--pods',
      String(pods),
      '--seed',
      String(seed),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const ready = readLine(child.stdout!);
  return { child, ready };
}

function runMeasure(
  mode: Mode,
  head: string,
  args: Args,
  pods: number,
): Measurement {
  const info = JSON.parse(head);
  const child = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      __filename,
      '--measure',
      mode,
      '--url',
      info.url,
      '--token',
      info.token,
      '--page-size',
      String(args.pageSize),
      '--pods',
      String(pods),
    ],
    {
      input: `${head}\n`,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  if (child.status !== 0) {
    throw new Error(
      `collecting (${mode}) failed (exit ${child.status}, signal ${child.signal})`,
    );
  }
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

function printReport(results: Measurement[], args: Args) {
  printMachine('collection', `seed ${args.seed}, pages of ${args.pageSize}`);
  const header = [
    'pods',
    'objects',
    'mode',
    'requests',
    'collect',
    'evaluate',
    'heap after collect',
    'peak RSS collect',
    'peak RSS',
    'findings',
    'digest',
    'load',
  ];
  const rows = results.map(r => [
    fmt(r.pods),
    fmt(r.objects),
    r.mode,
    fmt(r.requests),
    `${fmt(r.collectMs)} ms`,
    `${fmt(r.evaluateMs)} ms`,
    `${fmt(r.heapAfterCollectMb)} MB`,
    `${fmt(r.maxRssCollectMb)} MB`,
    `${fmt(r.maxRssMb)} MB`,
    fmt(r.findings),
    r.digest,
    `${fmt(r.load[0], 1)}-${fmt(r.load[1], 1)}`,
  ]);
  printTable(header, rows);
  console.log('');
  for (const pods of args.pods) {
    const of = (mode: Mode) =>
      results.filter(r => r.pods === pods && r.mode === mode);
    const projected = of('projected');
    const full = of('full');
    if (!projected.length || !full.length) continue;
    const peak = (list: Measurement[]) =>
      list.map(r => r.maxRssMb).sort((a, b) => a - b)[
        Math.floor((list.length - 1) / 2)
      ];
    const same = [...projected, ...full].every(
      r => r.digest === full[0].digest && r.findings === full[0].findings,
    );
    console.log(
      `${fmt(pods)} pods: peak RSS projected ${fmt(
        peak(projected),
      )} MB, full ${fmt(peak(full))} MB: ratio ${fmt(
        peak(projected) / peak(full),
        2,
      )}x; findings ${same ? 'identical' : 'DIFFERENT'} (${fmt(
        full[0].findings,
      )})`,
    );
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.serve) {
    await serve(args.pods[0], args.seed);
    return;
  }
  if (args.measure) {
    await measure(
      args.measure,
      args.url!,
      args.token!,
      args.pageSize,
      args.pods[0],
    );
    return;
  }

  const results: Measurement[] = [];
  for (const pods of args.pods) {
    process.stderr.write(`generating and serving ${fmt(pods)} pods... `);
    const { child, ready } = startServer(pods, args.seed);
    try {
      const head = await ready;
      process.stderr.write('ready\n');
      // Alternate which mode goes first, so that neither always meets a colder machine.
      for (let run = 0; run < args.runs; run++) {
        const modes: Mode[] =
          run % 2 === 0 ? ['full', 'projected'] : ['projected', 'full'];
        for (const mode of modes) {
          process.stderr.write(`  run ${run + 1}, ${mode}... `);
          const result = runMeasure(mode, head, args, pods);
          results.push(result);
          process.stderr.write(`${fmt(result.maxRssMb)} MB peak RSS\n`);
        }
      }
    } finally {
      child.stdin!.end();
      child.kill();
    }
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
