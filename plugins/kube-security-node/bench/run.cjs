#!/usr/bin/env node
/*
 * Runs bench/engine.bench.ts from source: Node with --expose-gc (the benchmark collects
 * garbage between runs) and Backstage's TypeScript transform. Arguments pass through:
 *   node plugins/kube-security-node/bench/run.cjs --pods 10000,100000 --breakdown
 */
const { spawnSync } = require('child_process');
const path = require('path');

// --peer: the manifest scan against @monokle/validation instead (packages/cli/bench, where it
// is a dev dependency): node plugins/kube-security-node/bench/run.cjs --peer [--pods 10000]
// --collect: the collection benchmark (bench/collect.bench.ts), `yarn bench:collect`.
let target = path.join(__dirname, 'engine.bench.ts');
if (process.argv.includes('--peer'))
  target = path.resolve(
    __dirname,
    '../../../packages/cli/bench/manifestScan.cjs',
  );
else if (process.argv.includes('--collect'))
  target = path.join(__dirname, 'collect.bench.ts');

const result = spawnSync(
  process.execPath,
  [
    '--expose-gc',
    '--require',
    require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    target,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
process.exitCode = result.status ?? 1;
