#!/usr/bin/env node
/*
 * Start-up benchmark of `kube-security scan` on one small manifest: the bundle (the published
 * form, dist/index.cjs.js, rebuilt first) against the sources through the TypeScript
 * transform, both against a bare `node -e 0` measured in the same run. Runs are interleaved
 * so that load from other processes weighs on all alike; medians are reported.
 *
 *   node packages/cli/bench/startup.cjs [--runs 15] [--yarn] [--json]
 *
 * --yarn also times `yarn kube-security` (yarn's own start-up on top of the sources).
 */
const { spawnSync } = require('child_process');
const os = require('os');
const path = require('path');
const { bundle } = require('../scripts/bundle.cjs');

const root = path.resolve(__dirname, '..');
const repo = path.resolve(root, '../..');
const manifest = path.join(root, 'src/__fixtures__/manifests/hardened.yaml');
const bin = path.join(root, 'bin/kube-security');
const scan = ['scan', '--manifests', manifest, '--format', 'json'];

function parseArgs(argv) {
  const args = { runs: 15, yarn: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else if (argv[i] === '--yarn') args.yarn = true;
    else if (argv[i] === '--json') args.json = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(args.runs) || args.runs < 1) {
    throw new Error('--runs takes a positive integer');
  }
  return args;
}

function variants(args) {
  const list = [
    {
      name: 'bare node (node -e 0)',
      command: process.execPath,
      argv: ['-e', '0'],
    },
    {
      name: 'bundle (node bin/kube-security)',
      command: process.execPath,
      argv: [bin, ...scan],
    },
    {
      name: 'from source (TypeScript transform)',
      command: process.execPath,
      argv: [bin, ...scan],
      env: { KUBE_SECURITY_FROM_SOURCE: '1' },
    },
  ];
  if (args.yarn) {
    list.push({
      name: 'yarn kube-security (bundle)',
      command: 'yarn',
      argv: ['kube-security', ...scan],
      cwd: repo,
    });
  }
  return list;
}

function timeOnce(variant) {
  const start = process.hrtime.bigint();
  const result = spawnSync(variant.command, variant.argv, {
    cwd: variant.cwd ?? root,
    env: { ...process.env, ...variant.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // A scan exits 0, or 1 under --fail-on; anything else is a broken run.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(
      `${variant.name} failed (exit ${result.status}): ${result.stderr}`,
    );
  }
  return ms;
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  const args = parseArgs(process.argv.slice(2));
  process.stderr.write('building the bundle... ');
  await bundle();
  const list = variants(args);
  // One warm-up each: fills the OS file cache and Node's compile cache.
  for (const variant of list) timeOnce(variant);
  const times = list.map(() => []);
  const loadBefore = os.loadavg()[0];
  for (let run = 0; run < args.runs; run++) {
    list.forEach((variant, i) => times[i].push(timeOnce(variant)));
  }
  const loadAfter = os.loadavg()[0];
  const bare = median(times[0]);
  const rows = list.map((variant, i) => ({
    name: variant.name,
    medianMs: median(times[i]),
    minMs: Math.min(...times[i]),
    xBareNode: median(times[i]) / bare,
  }));
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    node: process.version,
    load: [loadBefore, loadAfter],
  };
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({ machine, runs: args.runs, rows }, null, 2)}\n`,
    );
    return;
  }
  process.stdout.write(
    `\nkube-security scan, one small manifest (${path.relative(
      repo,
      manifest,
    )}), ${args.runs} interleaved runs\n` +
      `machine: ${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}, ` +
      `load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}\n\n`,
  );
  const width = Math.max(...rows.map(r => r.name.length));
  process.stdout.write(
    `${'run'.padEnd(width)}  median ms  min ms  x bare node\n`,
  );
  for (const row of rows) {
    process.stdout.write(
      `${row.name.padEnd(width)}  ${row.medianMs
        .toFixed(0)
        .padStart(9)}  ${row.minMs.toFixed(0).padStart(6)}  ${row.xBareNode
        .toFixed(2)
        .padStart(11)}\n`,
    );
  }
  const bundled = rows[1];
  const target = 4;
  process.stdout.write(
    `\nbundle: ${bundled.xBareNode.toFixed(
      2,
    )}x bare node (target at most ${target}x): ${
      bundled.xBareNode <= target ? 'met' : 'NOT met'
    }\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
