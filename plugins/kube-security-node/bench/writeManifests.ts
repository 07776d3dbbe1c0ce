/*
 * Writes the synthetic cluster of the engine benchmark as the manifests a user would scan:
 * `cluster.yaml` (one YAML document per object, as `kubectl get -o yaml` split per object
 * prints them) and `cluster.json` (one `List`, as `kubectl get -A -o json` prints it). Used by
 * the CLI's manifest benchmarks (packages/cli/bench/manifestScan.cjs).
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs writeManifests.ts --pods 10000 --out DIR
 */
import * as fs from 'fs';
import * as path from 'path';
import { dump } from 'js-yaml';
import { generateSnapshot } from './synthetic';

function argValue(argv: string[], name: string, fallback?: string): string {
  const at = argv.indexOf(name);
  const value = at === -1 ? fallback : argv[at + 1];
  if (value === undefined) throw new Error(`${name} needs a value`);
  return value;
}

function main() {
  const argv = process.argv.slice(2);
  const pods = Number(argValue(argv, '--pods', '10000'));
  const seed = Number(argValue(argv, '--seed', '42'));
  const out = argValue(argv, '--out');
  if (!Number.isInteger(pods) || pods <= 0) {
    throw new Error('--pods takes a positive integer');
  }
  const { objects } = generateSnapshot({ pods, seed });
  fs.mkdirSync(out, { recursive: true });

  const yamlFile = path.join(out, 'cluster.yaml');
  const fd = fs.openSync(yamlFile, 'w');
  try {
    for (const object of objects) {
      fs.writeSync(fd, `---\n${dump(object, { lineWidth: -1, noRefs: true })}`);
    }
  } finally {
    fs.closeSync(fd);
  }
  const jsonFile = path.join(out, 'cluster.json');
  fs.writeFileSync(
    jsonFile,
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
  );
  process.stdout.write(
    `${JSON.stringify({
      objects: objects.length,
      yaml: { file: yamlFile, bytes: fs.statSync(yamlFile).size },
      json: { file: jsonFile, bytes: fs.statSync(jsonFile).size },
    })}\n`,
  );
}

main();
