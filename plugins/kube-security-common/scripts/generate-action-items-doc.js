#!/usr/bin/env node
/*
 * Writes docs/action-items.md (at the repository root) from the action-item
 * catalog. Run from anywhere after `source scripts/ensure-node.sh`:
 *
 *   node plugins/kube-security-common/scripts/generate-action-items-doc.js
 *   node plugins/kube-security-common/scripts/generate-action-items-doc.js --check
 *
 * --check only compares and exits with 1 when the file is out of date.
 */
/* eslint-disable no-console */
const fs = require('fs');
const path = require('path');

// The catalog is TypeScript; sucrase (a dependency of @backstage/cli) compiles
// it on the fly so the script needs no build step.
const cliDir = path.dirname(require.resolve('@backstage/cli/package.json'));
require(require.resolve('sucrase/register/ts', { paths: [cliDir] }));

const { renderActionItemsMarkdown } = require('../src/catalog/markdown');

const target = path.resolve(__dirname, '../../../docs/action-items.md');

// Formatted like every other file of the repository, so `prettier --check .` passes.
const repoRoot = path.resolve(__dirname, '../../..');
const prettier = require(require.resolve('prettier', { paths: [repoRoot] }));
const content = prettier.format(renderActionItemsMarkdown(), {
  ...prettier.resolveConfig.sync(target),
  parser: 'markdown',
});

if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== content) {
    console.error(`${target} is out of date; rerun without --check`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  console.log(`wrote ${target}`);
}
