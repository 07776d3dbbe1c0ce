#!/usr/bin/env node
/*
 * Writes docs/conformance.md from packages/cli/conformance (the table the conformance test
 * compares with). Runs the TypeScript sources through Backstage's transform; no build needed.
 */
require('@backstage/cli/config/nodeTransform.cjs');
const { promises: fs } = require('fs');
const path = require('path');
const { loadCorpus } = require('../src/__testUtils__/conformance/corpus');
const {
  CONFORMANCE_DOC,
  STANDARDS_DOC,
  renderConformanceDoc,
  updateStandardsDoc,
} = require('../src/__testUtils__/conformance/docs');

(async () => {
  const corpus = await loadCorpus();
  for (const problem of corpus.problems) console.error(`warning: ${problem}`);
  await fs.writeFile(CONFORMANCE_DOC, renderConformanceDoc(corpus.controls));
  const standards = await fs.readFile(STANDARDS_DOC, 'utf8');
  await fs.writeFile(
    STANDARDS_DOC,
    updateStandardsDoc(standards, corpus.controls),
  );
  console.log(
    `wrote ${path.relative(process.cwd(), CONFORMANCE_DOC)} (${
      corpus.controls.length
    } controls) and the registry of ${path.relative(
      process.cwd(),
      STANDARDS_DOC,
    )}`,
  );
})().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
