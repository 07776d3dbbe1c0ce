import { compareStrings } from '../util/compareStrings';
import { readdir, readFile, stat } from 'fs/promises';
import { join } from 'path';
import type { Provider } from '@kube-security/plugin-kube-security-common';
import {
  DEFAULT_MANIFEST_LIMITS,
  tooLarge,
  type ManifestLimits,
} from './limits';
import { parseManifestText } from './parse';
import type {
  CloudDescriptor,
  LoadResult,
  ParseError,
  ParseResult,
  Snapshot,
} from './types';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

function isManifestFile(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some(ext => lower.endsWith(ext));
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or folder';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  return e?.message ?? String(error);
}

/**
 * Lists the manifest files under a folder, recursively, sorted by path so that the result is
 * the same on every machine. Hidden entries (`.git`, `.github`) and `node_modules` are skipped.
 */
async function listManifestFiles(
  dir: string,
  errors: ParseError[],
): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    errors.push({ file: dir, message: `Cannot read folder: ${describe(e)}` });
    return [];
  }
  const names = entries
    .filter(
      entry => !entry.name.startsWith('.') && entry.name !== 'node_modules',
    )
    .sort((a, b) => compareStrings(a.name, b.name));
  const files: string[] = [];
  for (const entry of names) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await listManifestFiles(path, errors)));
    } else if (isManifestFile(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

/**
 * Reads manifests from files and folders (recursively: `.yaml`, `.yml`, `.json`). A path
 * given explicitly is read whatever its extension. A path that cannot be read becomes an
 * error naming it; the others are still read. Each file is read once, in a stable order. A
 * file over `limits.maxFileBytes` is reported and not read.
 */
export async function loadManifests(
  paths: string[],
  limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS,
): Promise<LoadResult> {
  const errors: ParseError[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (e) {
      errors.push({ file: path, message: `Cannot read: ${describe(e)}` });
      continue;
    }
    const found = info.isDirectory()
      ? await listManifestFiles(path, errors)
      : [path];
    for (const file of found) {
      if (!seen.has(file)) {
        seen.add(file);
        files.push(file);
      }
    }
  }

  const result: LoadResult = { objects: [], origins: [], errors, files: [] };
  for (const file of files) {
    let text: string;
    try {
      const { size } = await stat(file);
      if (size > limits.maxFileBytes) {
        errors.push({ file, message: tooLarge(size, limits) });
        continue;
      }
      text = await readFile(file, 'utf8');
    } catch (e) {
      errors.push({ file, message: `Cannot read: ${describe(e)}` });
      continue;
    }
    result.files.push(file);
    const parsed = parseManifestText(text, file, limits);
    result.objects.push(...parsed.objects);
    result.origins.push(...parsed.origins);
    errors.push(...parsed.errors);
  }
  return result;
}

export interface SnapshotFromManifestsOptions {
  /** Cluster name for the findings; defaults to `manifests`. */
  cluster?: string;
  provider?: Provider;
  cloud?: CloudDescriptor;
  collectedAt?: string;
  /**
   * `manifests` (default) for a folder of manifests; `cluster` when the files are a whole
   * cluster's dump (`kubectl get -A -o yaml`), so that cluster-wide checks conclude.
   */
  scope?: Snapshot['scope'];
  unreadableKinds?: string[];
}

/** Wraps parsed manifests into a Snapshot the engine can evaluate. */
export function snapshotFromManifests(
  parsed: Pick<ParseResult, 'objects' | 'origins'>,
  options: SnapshotFromManifestsOptions = {},
): Snapshot {
  const snapshot: Snapshot = {
    cluster: options.cluster ?? 'manifests',
    scope: options.scope ?? 'manifests',
    objects: parsed.objects,
    origins: parsed.origins,
  };
  const provider = options.provider ?? options.cloud?.provider;
  if (provider) snapshot.provider = provider;
  if (options.cloud) snapshot.cloud = options.cloud;
  if (options.collectedAt) snapshot.collectedAt = options.collectedAt;
  if (options.unreadableKinds)
    snapshot.unreadableKinds = options.unreadableKinds;
  return snapshot;
}
