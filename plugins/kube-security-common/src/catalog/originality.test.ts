import fs from 'fs';
import path from 'path';
import { ACTION_ITEMS } from '.';

/**
 * The catalog must be written in our own words: nothing may be copied from the
 * reference text the practices come from. In CI the reference lives in
 * ../shared next to the clone; the probes below run everywhere.
 */

// Short, distinctive fragments of the reference text (fewer than 8 words each).
const SOURCE_PROBES = [
  'corresponding network access controls with unrelated resources',
  'after distributing software or hardware (preferred) tokens',
  'full control over the cluster via',
  'leverage either cloud-native or third-party SIEM tools',
  'or SSH daemon on the nodes',
  'chance of a single zone failure',
  'ensure the complete history is present',
  "as part of the organization's standard build",
  'block metadata API access from workloads',
  'see artifacts created by all malicious activity',
  'makes the intent and purpose clear',
  'avoid overgranting privileges and accidental disruption',
  'get/list secrets at the cluster scope',
  'mount the host filesystem inside the pod',
  'adequately support just the necessary traffic flows',
  'small number of base image variants',
  'not operated by trusted organizations',
  'quick litmus test',
  'catch simple issues early',
];

const SOURCE_PATH = path.resolve(
  __dirname,
  '../../../../../shared/reference/action-plan-source.txt',
);

/** Lower case, plain quotes, one spelling, single spaces. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/organiz/g, 'organis')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every string anywhere in the catalog: titles, rationale, steps, docs. */
function catalogStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach(v => catalogStrings(v, into));
  else if (value && typeof value === 'object') {
    Object.values(value).forEach(v => catalogStrings(v, into));
  }
  return into;
}

const CATALOG_TEXTS = catalogStrings(ACTION_ITEMS).map(normalise);

function windows(text: string, size: number): string[] {
  const result: string[] = [];
  for (let i = 0; i + size <= text.length; i++) {
    result.push(text.slice(i, i + size));
  }
  return result;
}

function wordRuns(text: string, size: number): string[] {
  const words = text.split(' ');
  const result: string[] = [];
  for (let i = 0; i + size <= words.length; i++) {
    result.push(words.slice(i, i + size).join(' '));
  }
  return result;
}

describe('catalog originality', () => {
  it('contains none of the probe fragments of the reference text', () => {
    const copied = SOURCE_PROBES.map(normalise).filter(probe =>
      CATALOG_TEXTS.some(text => text.includes(probe)),
    );
    expect(copied).toEqual([]);
  });

  it('shares no 40-character run or 8-word run with the reference text', () => {
    const source = fs.existsSync(SOURCE_PATH)
      ? fs.readFileSync(SOURCE_PATH, 'utf8')
      : // Without the reference next to the clone, the probes stand in for it.
        SOURCE_PROBES.join('\n');
    const sourceLines = source.split('\n').map(normalise);

    const catalogCharRuns = new Set(CATALOG_TEXTS.flatMap(t => windows(t, 40)));
    const catalogWordRuns = new Set(CATALOG_TEXTS.flatMap(t => wordRuns(t, 8)));

    const copied = sourceLines.flatMap(line => [
      ...windows(line, 40).filter(run => catalogCharRuns.has(run)),
      ...wordRuns(line, 8).filter(run => catalogWordRuns.has(run)),
    ]);
    expect(copied).toEqual([]);
    // The comparison itself must have had something to compare.
    expect(catalogCharRuns.size).toBeGreaterThan(10000);
  });
});
