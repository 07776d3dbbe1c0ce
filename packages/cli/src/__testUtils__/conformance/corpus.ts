import { promises as fs } from 'fs';
import path from 'path';
import { parse as parseYaml } from 'yaml';
import { PROVIDERS } from '@kube-security/plugin-kube-security-common';
import type {
  Provider,
  StandardKey,
} from '@kube-security/plugin-kube-security-common';

/**
 * The conformance corpus: `conformance/<standard>/<control-slug>/control.yaml` plus case
 * files `report-*.yaml|.yml|.json` (must be reported) and `pass-*` (must not be), or
 * `report-*.eks.json` / `.gke.json` / `.aks.json` for cloud descriptors.
 */
export const CORPUS_ROOT = path.resolve(__dirname, '../../../conformance');

export const STANDARD_FOLDERS: readonly StandardKey[] = [
  'pss',
  'cis-kubernetes',
  'cis-eks',
  'cis-gke',
  'cis-aks',
  'nsa-cisa',
];

export type CaseExpectation = 'report' | 'pass';

export interface ConformanceCase {
  /** Absolute path. */
  file: string;
  /** Path relative to the corpus root, with `/`. */
  name: string;
  expect: CaseExpectation;
  /** Set for provider descriptors (`*.eks.json`): scanned with `--cloud`. */
  provider?: Provider;
  /** `cluster` when the file's first line is `# scope: cluster`. */
  scope: 'manifests' | 'cluster';
}

export interface ConformanceControl {
  /** Folder relative to the corpus root, e.g. `pss/host-namespaces`. */
  dir: string;
  standard: StandardKey;
  id: string;
  title: string;
  checks?: string[];
  unmapped?: string;
  cases: ConformanceCase[];
}

export interface Corpus {
  controls: ConformanceControl[];
  /** Malformed control files, stray files, unknown folders: each a sentence. */
  problems: string[];
}

const CASE_FILE =
  /^(report|pass)-[a-z0-9][a-z0-9._-]*?(\.(eks|gke|aks))?\.(ya?ml|json)$/;
const SCOPE_COMMENT = /^#\s*scope:\s*(\S+)\s*$/;

function isStandardFolder(name: string): name is StandardKey {
  return (STANDARD_FOLDERS as readonly string[]).includes(name);
}

async function listDirs(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries
    .filter(e => e.isDirectory())
    .map(e => e.name)
    .sort();
}

async function readCase(
  root: string,
  dir: string,
  fileName: string,
  problems: string[],
): Promise<ConformanceCase | undefined> {
  const file = path.join(root, dir, fileName);
  const name = `${dir}/${fileName}`;
  const match = CASE_FILE.exec(fileName);
  if (!match) {
    problems.push(
      `${name}: not a case file name (report-<what>.yaml, pass-<what>.yaml, or report-<what>.<eks|gke|aks>.json)`,
    );
    return undefined;
  }
  const provider = match[3] as Provider | undefined;
  if (provider && match[4] !== 'json') {
    problems.push(`${name}: provider descriptors are JSON files`);
    return undefined;
  }
  const text = await fs.readFile(file, 'utf8');
  const firstLine = text.split('\n', 1)[0];
  const scopeMatch = SCOPE_COMMENT.exec(firstLine);
  let scope: ConformanceCase['scope'] = 'manifests';
  if (scopeMatch) {
    if (scopeMatch[1] !== 'cluster' && scopeMatch[1] !== 'manifests') {
      problems.push(
        `${name}: scope must be "cluster" or "manifests", got "${scopeMatch[1]}"`,
      );
      return undefined;
    }
    scope = scopeMatch[1];
  }
  return {
    file,
    name,
    expect: match[1] as CaseExpectation,
    ...(provider && PROVIDERS.includes(provider) ? { provider } : {}),
    scope,
  };
}

function stringList(value: unknown): string[] | undefined {
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(v => typeof v === 'string' && v.trim() !== '')
  ) {
    return value as string[];
  }
  return undefined;
}

async function readControl(
  root: string,
  standard: StandardKey,
  slug: string,
  problems: string[],
): Promise<ConformanceControl | undefined> {
  const dir = `${standard}/${slug}`;
  const names = (await fs.readdir(path.join(root, dir))).sort();
  if (!names.includes('control.yaml')) {
    problems.push(`${dir}: no control.yaml`);
    return undefined;
  }
  let doc: any;
  try {
    doc = parseYaml(
      await fs.readFile(path.join(root, dir, 'control.yaml'), 'utf8'),
    );
  } catch (e) {
    problems.push(`${dir}/control.yaml: not YAML: ${(e as Error).message}`);
    return undefined;
  }
  const where = `${dir}/control.yaml`;
  if (!doc || typeof doc !== 'object') {
    problems.push(
      `${where}: expected a mapping with id, title and checks or unmapped`,
    );
    return undefined;
  }
  const { id, title, checks, unmapped } = doc;
  const bad: string[] = [];
  if (typeof id !== 'string' || !id.trim()) bad.push('`id` (a string)');
  if (typeof title !== 'string' || !title.trim())
    bad.push('`title` (a string)');
  const checkList = checks === undefined ? undefined : stringList(checks);
  if (checks !== undefined && !checkList)
    bad.push('`checks` as a non-empty list of check ids');
  if (
    unmapped !== undefined &&
    (typeof unmapped !== 'string' || !unmapped.trim())
  )
    bad.push('`unmapped` as a sentence');
  if ((checks === undefined) === (unmapped === undefined))
    bad.push('exactly one of `checks` and `unmapped`');
  const extra = Object.keys(doc).filter(
    k => !['id', 'title', 'checks', 'unmapped'].includes(k),
  );
  if (extra.length) bad.push(`no other keys (found ${extra.join(', ')})`);
  if (bad.length) {
    problems.push(`${where}: needs ${bad.join('; ')}`);
    return undefined;
  }

  const cases: ConformanceCase[] = [];
  for (const fileName of names) {
    if (fileName === 'control.yaml' || fileName.startsWith('.')) continue;
    if (fileName === 'README.md') continue;
    const found = await readCase(root, dir, fileName, problems);
    if (found) cases.push(found);
  }
  if (unmapped !== undefined && cases.length > 0) {
    problems.push(`${dir}: an unmapped control has no case files`);
  }
  return {
    dir,
    standard,
    id,
    title,
    ...(checkList ? { checks: checkList } : {}),
    ...(unmapped !== undefined ? { unmapped } : {}),
    cases,
  };
}

/** Reads the whole corpus; never throws on a malformed control, it lists it in `problems`. */
export async function loadCorpus(root: string = CORPUS_ROOT): Promise<Corpus> {
  const problems: string[] = [];
  const controls: ConformanceControl[] = [];
  for (const folder of await listDirs(root)) {
    if (!isStandardFolder(folder)) {
      problems.push(
        `${folder}: unknown standard folder; expected one of ${STANDARD_FOLDERS.join(
          ', ',
        )}`,
      );
      continue;
    }
    for (const slug of await listDirs(path.join(root, folder))) {
      const control = await readControl(root, folder, slug, problems);
      if (control) controls.push(control);
    }
  }
  return { controls, problems };
}
