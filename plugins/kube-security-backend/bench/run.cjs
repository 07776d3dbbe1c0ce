#!/usr/bin/env node
/*
 * Runs bench/store.bench.ts from source: Node with --expose-gc (phases are measured after a
 * collection) and Backstage's TypeScript transform. Arguments pass through, e.g.
 *   node bench/run.cjs --db postgres --part overview
 */
const { spawnSync } = require('child_process');
const path = require('path');

const result = spawnSync(
  process.execPath,
  [
    '--expose-gc',
    '--require',
    require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    path.join(__dirname, 'store.bench.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
process.exitCode = result.status ?? 1;
