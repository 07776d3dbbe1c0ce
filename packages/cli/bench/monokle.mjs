#!/usr/bin/env node
/*
 * The peer of the manifest benchmark: @monokle/validation with its built-in
 * pod-security-standards and practices plugins, loaded by its DefaultPluginLoader (bundled
 * in the package: nothing is fetched), on one manifest file. YAML is split into documents
 * with the `yaml` library (as Monokle's own tools do); a JSON `List` is read with JSON.parse.
 * Every object becomes a Monokle resource (its content, and its text for locations).
 *
 *   node packages/cli/bench/monokle.mjs FILE
 *
 * Prints one JSON line: objects read, results found, and the time to read and to validate.
 */
import { readFileSync } from 'fs';
import { parseAllDocuments } from 'yaml';
import {
  DefaultPluginLoader,
  DisabledFixer,
  MonokleValidator,
  ResourceParser,
} from '@monokle/validation';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node monokle.mjs FILE\n');
  process.exit(2);
}

function resource(content, text, index, fileOffset) {
  return {
    id: `r${index}`,
    fileId: file,
    filePath: file,
    fileOffset,
    name: content?.metadata?.name ?? `r${index}`,
    apiVersion: content?.apiVersion ?? '',
    kind: content?.kind ?? '',
    namespace: content?.metadata?.namespace,
    content,
    text,
  };
}

const readStart = performance.now();
const text = readFileSync(file, 'utf8');
const resources = [];
if (file.endsWith('.json')) {
  const list = JSON.parse(text);
  list.items.forEach((item, i) =>
    resources.push(resource(item, JSON.stringify(item), i, 0)),
  );
} else {
  let line = 0;
  let offset = 0;
  for (const doc of parseAllDocuments(text)) {
    const [start, , end] = doc.range;
    // Lines before this document, counted from the last one.
    for (
      let i = text.indexOf('\n', offset);
      i !== -1 && i < start;
      i = text.indexOf('\n', i + 1)
    ) {
      line += 1;
      offset = i + 1;
    }
    const content = doc.toJS();
    if (content)
      resources.push(
        resource(content, text.slice(start, end), resources.length, line),
      );
  }
}
const readMs = performance.now() - readStart;

const validator = new MonokleValidator({
  loader: new DefaultPluginLoader(),
  parser: new ResourceParser(),
  suppressors: [],
  fixer: new DisabledFixer(),
});
const validateStart = performance.now();
await validator.preload({
  plugins: { 'pod-security-standards': true, practices: true },
});
const response = await validator.validate({ resources });
const validateMs = performance.now() - validateStart;
const results = response.runs.reduce((sum, run) => sum + run.results.length, 0);
const plugins = validator.metadata ? Object.keys(validator.metadata) : [];
process.stdout.write(
  `${JSON.stringify({
    objects: resources.length,
    plugins,
    results,
    readMs,
    validateMs,
  })}\n`,
);
