import { promises as fs } from 'fs';
import path from 'path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import {
  parseManifestText,
  parseYamlFast,
} from '@kube-security/plugin-kube-security-node';
import {
  hostileManifestText,
  mutatedObject,
} from '../__testUtils__/hostileManifests';

/**
 * The manifest parser reads most YAML with a fast parser and falls back to the precise one
 * (the `yaml` library) for anything the fast one may read differently. Property: for every
 * text, the default reading (objects, lines, errors) is exactly the precise reading.
 */

const PACKAGE = path.resolve(__dirname, '../..');
const REPO = path.resolve(PACKAGE, '../..');

async function yamlFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await yamlFiles(full)));
    else if (/\.ya?ml$/.test(entry.name)) found.push(full);
  }
  return found;
}

const precise = (text: string, file = 'fuzz.yaml') =>
  parseManifestText(text, file, undefined, { yamlParser: 'precise' });

/** YAML written in the styles people and tools use: block, flow, Lists, several documents. */
const styledYaml = fc
  .tuple(
    fc.array(mutatedObject, { minLength: 1, maxLength: 3 }),
    fc.record({
      indent: fc.integer({ min: 1, max: 4 }),
      indentSeq: fc.boolean(),
      collectionStyle: fc.constantFrom('any', 'block', 'flow') as fc.Arbitrary<
        'any' | 'block' | 'flow'
      >,
      lineWidth: fc.constantFrom(0, 20, 80),
      asList: fc.boolean(),
      comments: fc.boolean(),
    }),
  )
  .map(([objects, { asList, comments, ...options }]) => {
    const text = asList
      ? stringify({ apiVersion: 'v1', kind: 'List', items: objects }, options)
      : objects.map(o => stringify(o, options)).join('---\n');
    return comments ? text.replace(/\n/g, '\n# note\n\n') : text;
  });

/** Plain scalars YAML 1.1 types (or nearly does), written raw as keys and values. */
const TRICKY = [
  '~',
  'null',
  'Null',
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'n',
  '0644',
  '-0644',
  '0x1F',
  '0b101',
  '1:20',
  '-1:20:30.5',
  '2024-01-02',
  '2001-12-14t21:59:43.10-05:00',
  '2024-1-2 3:04:05',
  '.inf',
  '-.Inf',
  '.NaN',
  '1e3',
  '1_000',
  '+12',
  '08',
  '1.10',
  '.5',
  '5.',
  'nginx',
  '',
  "it's",
  'a b',
  '-',
  '- x',
  ':',
  'a:b',
  '#x',
  'x #y',
  '[]',
  '{}',
  '[a, b]',
  '{a: 1}',
  '"q"',
  "'s'",
  '"*"',
  "'&a'",
  '|\n    block\n',
  '>-\n    folded\n    text\n',
  'Ø',
];

const scalarSoup = fc
  .array(
    fc.tuple(
      fc.constantFrom(...TRICKY),
      fc.constantFrom(...TRICKY),
      fc.integer({ min: 0, max: 2 }),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map(
    entries =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: soup}\ndata:\n${entries
        .map(
          ([key, value, indent]) => `${' '.repeat(2 + indent)}${key}: ${value}`,
        )
        .join('\n')}\n`,
  );

describe('the YAML fast path', () => {
  it('reads every YAML file of the corpus and fixtures exactly as the precise parser', async () => {
    const files = [
      ...(await yamlFiles(path.join(PACKAGE, 'conformance'))),
      ...(await yamlFiles(path.join(PACKAGE, 'src/__fixtures__'))),
      ...(await yamlFiles(path.join(REPO, 'examples'))),
    ];
    expect(files.length).toBeGreaterThan(100);
    let fast = 0;
    for (const file of files) {
      const text = await fs.readFile(file, 'utf8');
      expect({ file, ...parseManifestText(text, file) }).toStrictEqual({
        file,
        ...precise(text, file),
      });
      if (parseYamlFast(text)) fast += 1;
    }
    // Most of them take the fast path: the comparison above is not precise against itself.
    expect(fast).toBeGreaterThan(files.length / 2);
  }, 120_000);

  it('gives the precise reading on generated and hostile texts', () => {
    let fast = 0;
    fc.assert(
      fc.property(
        fc.oneof(styledYaml, scalarSoup, hostileManifestText),
        text => {
          const expected = precise(text);
          const received = parseManifestText(text, 'fuzz.yaml');
          // Where the precise parser runs out of stack depends on the stack left when it
          // runs, so how many errors it reports varies between two calls: both must refuse.
          const tooDeep = (r: typeof expected) =>
            r.errors.some(e => /nested too deeply/.test(e.message));
          const comparable = (r: typeof expected) =>
            tooDeep(r) ? { objects: r.objects, tooDeep: true } : r;
          expect(comparable(received)).toStrictEqual(comparable(expected));
          if (parseYamlFast(text)) fast += 1;
        },
      ),
      { numRuns: 1_000, seed: Number(process.env.FUZZ_SEED ?? 20261205) },
    );
    expect(fast).toBeGreaterThan(100);
  }, 180_000);
});
