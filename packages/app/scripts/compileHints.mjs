// Marks the production build's start-up scripts for V8's eager compilation (run by this
// package's `build` script after `backstage-cli package build`).
//
//   node scripts/compileHints.mjs [dist]
//
// V8 compiles a function lazily, the first time it is called: it pre-parses the script,
// then parses and compiles each function again when it runs. Almost every function of the
// app's framework code runs while the app starts, so that start-up spent more CPU in these
// lazy compilations than in running the code (in a trace of the overview, 345 ms of 814 ms
// of main-thread CPU before its first request). A script that starts with the comment
// `//# allFunctionsCalledOnLoad` (V8's explicit compile hints, Chrome 136 and later;
// other browsers ignore the comment) is compiled whole when it loads, in one pass, and its
// code cache then holds every function.
//
// Only the entry scripts whose functions mostly run at start-up get the hint (measured with
// the browser's JS coverage on the overview: 40% to 76% of their functions ran); the
// others (react-aria, motion, zod, ajv, octokit, ...: 2% to 32%) would cost memory for code
// that never runs. The chunk names are those of backstage-cli's split of the entry
// (`module-<package>`); the script fails when none of them is in index.html, so a change of
// that naming shows instead of silently losing the hint.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const HINT = '//# allFunctionsCalledOnLoad\n';

/** The entry chunks whose functions mostly run while the app starts. */
const EAGER_CHUNKS = [
  'runtime',
  'main',
  'vendor',
  'module-backstage',
  'module-material-ui',
  'module-mui',
  'module-react-dom',
  'module-i18next',
];

/** The chunk name of a built script, e.g. `module-backstage.d230c7ceeae9.js`. */
function chunkName(file) {
  return file.replace(/\.[0-9a-f]+\.js$/, '');
}

/** Prepends the hint to one script and moves its source map's lines down by one. */
function hint(file) {
  const code = readFileSync(file, 'utf8');
  if (code.startsWith(HINT)) return false;
  writeFileSync(file, HINT + code);
  const mapFile = `${file}.map`;
  if (existsSync(mapFile)) {
    const map = JSON.parse(readFileSync(mapFile, 'utf8'));
    map.mappings = `;${map.mappings}`;
    writeFileSync(mapFile, JSON.stringify(map));
  }
  return true;
}

const dist = resolve(
  process.argv.slice(2).find(arg => !arg.startsWith('--')) ?? 'dist',
);
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = [
  ...html.matchAll(/<script[^>]*\ssrc="[^"]*\/static\/([^"]+\.js)"/g),
].map(m => m[1]);
const eager = entry.filter(file => EAGER_CHUNKS.includes(chunkName(file)));
if (eager.length === 0) {
  process.stderr.write(
    `compileHints: none of ${EAGER_CHUNKS.join(
      ', ',
    )} among the entry scripts of ${join(dist, 'index.html')} (${
      entry.join(', ') || 'none'
    })\n`,
  );
  process.exit(1);
}
const changed = eager.filter(file => hint(join(dist, 'static', file)));
process.stdout.write(
  `compileHints: ${eager.length} of ${
    entry.length
  } entry scripts compiled eagerly (${changed.length} marked now): ${eager
    .map(chunkName)
    .join(', ')}\n`,
);
