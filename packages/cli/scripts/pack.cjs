#!/usr/bin/env node
/*
 * prepack / postpack of @kube-security/cli (yarn pack and npm publish run them):
 *
 *   prepack   builds the bundle (scripts/bundle.cjs) and narrows package.json's dependencies
 *             to what the bundle still requires at run time (its externals), with the version
 *             ranges the workspace packages declare for them. The workspace packages and the
 *             small libraries are inlined, and the workspace ones are not on the registry.
 *             The original is kept as package.json-prepack.
 *   postpack  puts the original package.json back.
 */
const fs = require('fs');
const path = require('path');
const { bundle, EXTERNAL } = require('./bundle.cjs');

const root = path.resolve(__dirname, '..');
const manifestPath = path.join(root, 'package.json');
const backupPath = path.join(root, 'package.json-prepack');

/** The version range a workspace package the CLI depends on declares for `name`. */
function declaredRange(manifest, name) {
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    let dependencyManifest;
    try {
      dependencyManifest = require(require.resolve(
        `${dependency}/package.json`,
        {
          paths: [root],
        },
      ));
    } catch {
      continue;
    }
    const range = dependencyManifest.dependencies?.[name];
    if (range) return range;
  }
  throw new Error(`no dependency of the CLI declares ${name}`);
}

async function prepack() {
  await bundle();
  const text = fs.readFileSync(manifestPath, 'utf8');
  const manifest = JSON.parse(text);
  fs.writeFileSync(backupPath, text);
  const dependencies = {};
  for (const name of EXTERNAL)
    dependencies[name] = declaredRange(manifest, name);
  const { devDependencies: _dev, ...published } = manifest;
  published.dependencies = dependencies;
  fs.writeFileSync(manifestPath, `${JSON.stringify(published, null, 2)}\n`);
}

function postpack() {
  if (fs.existsSync(backupPath)) {
    fs.renameSync(backupPath, manifestPath);
  }
}

const step = process.argv[2];
if (step === 'prepack') {
  prepack().catch(error => {
    postpack();
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exitCode = 1;
  });
} else if (step === 'postpack') {
  postpack();
} else {
  process.stderr.write('usage: node scripts/pack.cjs prepack|postpack\n');
  process.exitCode = 2;
}
