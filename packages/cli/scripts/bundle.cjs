#!/usr/bin/env node
/*
 * Builds the published form of the CLI: one CommonJS file, dist/index.cjs.js, with the
 * workspace packages and small dependencies inlined, so it starts without the TypeScript
 * transform and installs without the unpublished workspace packages. Only EXTERNAL stays a
 * require(): @kubernetes/client-node, loaded on first use by `--kubeconfig` scans.
 *
 * Also writes dist/inputs.json, the source files the bundle was built from: bin/kube-security
 * in the repository falls back to the sources when one of them is newer than the bundle.
 *
 *   node scripts/bundle.cjs
 */
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
/** Kept out of the bundle; each must be a dependency of the published package. */
const EXTERNAL = ['@kubernetes/client-node'];

async function bundle() {
  const dist = path.join(root, 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.cjs.js',
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: EXTERNAL,
    // Smaller to read and compile at start-up; names stay for readable stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter(input => !input.includes('node_modules/'))
    .map(input => path.relative(dist, path.resolve(root, input)));
  fs.writeFileSync(
    path.join(dist, 'inputs.json'),
    `${JSON.stringify(inputs, null, 1)}\n`,
  );
  const bytes = fs.statSync(path.join(dist, 'index.cjs.js')).size;
  process.stderr.write(
    `dist/index.cjs.js: ${(bytes / 1024).toFixed(0)} KB from ${
      Object.keys(result.metafile.inputs).length
    } modules\n`,
  );
}

module.exports = { bundle, EXTERNAL };

if (require.main === module) {
  bundle().catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exitCode = 1;
  });
}
