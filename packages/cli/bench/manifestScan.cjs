#!/usr/bin/env node
/*
 * Manifest benchmark: the engine benchmark's synthetic cluster (10k pods by default) written
 * as YAML (one document per object, ~60 MB) and as JSON (one List), scanned by our CLI (the
 * bundle, rebuilt first) in a child process each, timed (wall) with the child's peak RSS. The
 * baseline is the same content as JSON, measured in the same run: the YAML scan should be
 * within 2x of it.
 *
 * With --peer, @monokle/validation (its pod-security-standards and practices plugins, loaded
 * offline by bench/monokle.mjs) scans the same two files, and both are printed side by side.
 *
 *   node packages/cli/bench/manifestScan.cjs [--pods 10000] [--runs 1] [--peer] [--json]
 *   yarn bench:yaml            (ours only)
 *   yarn bench:engine --peer   (ours and the peer)
 *
 * Peak memory is read by GNU time (/usr/bin/time -f %M) around each child.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { bundle } = require('../scripts/bundle.cjs');

const root = path.resolve(__dirname, '..');
const repo = path.resolve(root, '../..');
const TIME = '/usr/bin/time';

function parseArgs(argv) {
  const args = { pods: 10000, runs: 1, peer: false, json: false, seed: 42 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--pods') args.pods = Number(value().replace(/k$/i, '000'));
    else if (arg === '--runs') args.runs = Number(value());
    else if (arg === '--seed') args.seed = Number(value());
    else if (arg === '--peer') args.peer = true;
    else if (arg === '--json') args.json = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  for (const key of ['pods', 'runs']) {
    if (!Number.isInteger(args[key]) || args[key] <= 0) {
      throw new Error(`--${key} takes a positive integer`);
    }
  }
  return args;
}

/** Runs a command under GNU time: wall seconds, peak RSS and the command's stdout. */
function measured(command, argv) {
  const result = spawnSync(TIME, ['-f', 'TIME %e %M', command, ...argv], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = (result.stderr ?? '')
    .split('\n')
    .reverse()
    .find(l => l.startsWith('TIME '));
  if (!line) {
    throw new Error(
      `${command} ${argv.join(' ')}: no timing (${
        result.error ?? result.stderr
      })`,
    );
  }
  const [, seconds, kb] = line.split(' ');
  // Our scan exits 1 only under --fail-on; anything but 0 is a failed run here.
  const status = result.stderr.match(
    /Command exited with non-zero status (\d+)/,
  );
  if (status) {
    throw new Error(
      `${command} ${argv.join(' ')} exited ${status[1]}: ${result.stderr.slice(
        -2000,
      )}`,
    );
  }
  return {
    wallS: Number(seconds),
    maxRssMb: Number(kb) / 1024,
    stdout: result.stdout,
  };
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function tools(args) {
  const list = [
    {
      name: 'kube-security scan',
      run: file => {
        const r = measured(process.execPath, [
          path.join(root, 'dist/index.cjs.js'),
          'scan',
          '--manifests',
          file,
          '--scope',
          'cluster',
          '--format',
          'json',
        ]);
        return { ...r, results: JSON.parse(r.stdout).findings.length };
      },
    },
  ];
  if (args.peer) {
    list.push({
      name: '@monokle/validation',
      run: file => {
        const r = measured(process.execPath, [
          path.join(__dirname, 'monokle.mjs'),
          file,
        ]);
        const out = JSON.parse(r.stdout.trim().split('\n').pop());
        return { ...r, results: out.results };
      },
    });
  }
  return list;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(TIME)) {
    throw new Error(
      `${TIME} (GNU time) is needed to read each child's peak RSS`,
    );
  }
  process.stderr.write('building the bundle... ');
  await bundle();
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'kube-security-manifests-'),
  );
  try {
    process.stderr.write(`writing ${args.pods} pods as YAML and JSON... `);
    const written = spawnSync(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.join(repo, 'plugins/kube-security-node/bench/writeManifests.ts'),
        '--pods',
        String(args.pods),
        '--seed',
        String(args.seed),
        '--out',
        dir,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (written.status !== 0) throw new Error('writing the manifests failed');
    const files = JSON.parse(written.stdout.trim());
    process.stderr.write(`${files.objects} objects\n`);

    const list = tools(args);
    const formats = ['yaml', 'json'];
    const samples = {};
    const loadBefore = os.loadavg()[0];
    // Interleaved: every tool and format once per round.
    for (let run = 0; run < args.runs; run++) {
      for (const tool of list) {
        for (const format of formats) {
          process.stderr.write(
            `${tool.name} on ${format} (run ${run + 1})... `,
          );
          const r = tool.run(files[format].file);
          process.stderr.write(`${r.wallS} s, ${r.maxRssMb.toFixed(0)} MB\n`);
          (samples[`${tool.name}|${format}`] ??= []).push(r);
        }
      }
    }
    const loadAfter = os.loadavg()[0];
    const rows = [];
    for (const tool of list) {
      for (const format of formats) {
        const s = samples[`${tool.name}|${format}`];
        rows.push({
          tool: tool.name,
          format,
          megabytes: files[format].bytes / 1048576,
          wallS: median(s.map(x => x.wallS)),
          maxRssMb: median(s.map(x => x.maxRssMb)),
          results: s[0].results,
        });
      }
    }
    const find = (tool, format) =>
      rows.find(r => r.tool === tool && r.format === format);
    const ours = list[0].name;
    const report = {
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        node: process.version,
        load: [loadBefore, loadAfter],
      },
      pods: args.pods,
      objects: files.objects,
      runs: args.runs,
      rows,
      yamlOverJson: {
        wall: find(ours, 'yaml').wallS / find(ours, 'json').wallS,
        maxRss: find(ours, 'yaml').maxRssMb / find(ours, 'json').maxRssMb,
      },
    };
    if (args.peer) {
      const peer = list[1].name;
      report.oursOverPeer = Object.fromEntries(
        formats.map(format => [
          format,
          {
            wall: find(ours, format).wallS / find(peer, format).wallS,
            maxRss: find(ours, format).maxRssMb / find(peer, format).maxRssMb,
          },
        ]),
      );
    }
    if (args.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    printReport(report);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function printReport(report) {
  const { machine } = report;
  const out = [];
  out.push(
    '',
    `Manifest scan: ${report.pods} pods (${report.objects} objects), median of ${report.runs} run(s), each tool in its own process`,
    `machine: ${machine.cpus} cores (${machine.cpuModel}), Node ${
      machine.node
    }, load average ${machine.load[0].toFixed(2)} -> ${machine.load[1].toFixed(
      2,
    )}`,
    '',
    `${'tool'.padEnd(20)} ${'input'.padEnd(12)} ${'wall s'.padStart(
      8,
    )} ${'peak RSS MB'.padStart(12)} ${'results'.padStart(8)}`,
  );
  for (const r of report.rows) {
    out.push(
      `${r.tool.padEnd(20)} ${`${r.format} ${r.megabytes.toFixed(0)} MB`.padEnd(
        12,
      )} ${r.wallS.toFixed(2).padStart(8)} ${r.maxRssMb
        .toFixed(0)
        .padStart(12)} ${String(r.results).padStart(8)}`,
    );
  }
  out.push(
    '',
    `kube-security, YAML / JSON: ${report.yamlOverJson.wall.toFixed(
      2,
    )}x the wall time (target within 2x: ${
      report.yamlOverJson.wall <= 2 ? 'met' : 'NOT met'
    }), ${report.yamlOverJson.maxRss.toFixed(2)}x the peak RSS`,
  );
  if (report.oursOverPeer) {
    for (const [format, ratio] of Object.entries(report.oursOverPeer)) {
      out.push(
        `kube-security / @monokle/validation on ${format.toUpperCase()}: ${ratio.wall.toFixed(
          2,
        )}x the wall time, ${ratio.maxRss.toFixed(2)}x the peak RSS`,
      );
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
