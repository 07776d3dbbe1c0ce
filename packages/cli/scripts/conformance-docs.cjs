#!/usr/bin/env node
/*
 * Writes docs/conformance.md from packages/cli/conformance (the table the conformance test
 * compares with). Runs the TypeScript sources through Backstage's transform; no build needed.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { promises: fs } = require('fs');
const path = require('path');
const { loadCorpus } = require('../src/conformance/corpus');
const {
  CONFORMANCE_DOC,
  renderConformanceDoc,
} = require('../src/conformance/docs');

(async () => {
  const corpus = await loadCorpus();
  for (const problem of corpus.problems) console.error(`warning: ${problem}`);
  await fs.writeFile(CONFORMANCE_DOC, renderConformanceDoc(corpus.controls));
  console.log(
    `wrote ${path.relative(process.cwd(), CONFORMANCE_DOC)}: ${corpus.controls.length} controls`,
  );
})().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
