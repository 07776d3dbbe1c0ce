import { promises as fs } from 'fs';
import path from 'path';
import type { Provider } from '@kube-security/plugin-kube-security-common';
import {
  mergeCloudFacts,
  parseCloudDescriptor,
  DEFAULT_MANIFEST_LIMITS,
  parseManifestText,
  projectObject,
  stubFoldedWorkloads,
} from '@kube-security/plugin-kube-security-node';
import type {
  ManifestLimits,
  CloudDescriptor,
  CloudFacts,
  KubeObject,
  ObjectOrigin,
} from '@kube-security/plugin-kube-security-node';

/** A problem with one input, located as precisely as the parser could. */
export interface InputError {
  file?: string;
  line?: number;
  message: string;
}

export interface LoadedInputs {
  objects: KubeObject[];
  /** Parallel to `objects`. */
  origins: ObjectOrigin[];
  cloud?: CloudDescriptor;
  /** Cloud descriptor files that contributed to `cloud`, as displayed. */
  cloudFiles: string[];
  /** Every file that was opened, as displayed (relative to the working directory). */
  files: string[];
  /** How many of those produced something usable. */
  readableFiles: number;
  errors: InputError[];
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** How a path is shown to the user: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  const shown =
    relative && !relative.startsWith('..') && !path.isAbsolute(relative)
      ? relative
      : file;
  return shown.split(path.sep).join('/');
}

/** `file:line: message`, the shape editors and CI logs turn into links. */
export function formatInputError(error: InputError): string {
  const where = [error.file, error.line].filter(p => p !== undefined).join(':');
  return where ? `${where}: ${error.message}` : error.message;
}

async function listManifestFiles(
  target: string,
  errors: InputError[],
  shown: string,
): Promise<string[]> {
  let stat;
  try {
    stat = await fs.stat(target);
  } catch (error) {
    errors.push({ file: shown, message: describeFsError(error) });
    return [];
  }
  if (stat.isFile()) {
    return [target];
  }
  if (!stat.isDirectory()) {
    errors.push({ file: shown, message: 'not a file or directory' });
    return [];
  }
  const found: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => compareText(a.name, b.name));
    for (const entry of entries) {
      // Hidden folders (.git, .github) and dependencies hold no manifests of the app.
      if (entry.name.startsWith('.') || entry.name === 'node_modules') {
        continue;
      }
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else if (
        entry.isFile() &&
        MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())
      ) {
        found.push(full);
      }
    }
  };
  await walk(target);
  return found;
}

/** Code-point order, the same on every machine and locale. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (error as Error)?.message ?? String(error);
}

async function readText(
  file: string,
  shown: string,
  errors: InputError[],
  limits: ManifestLimits,
): Promise<string | undefined> {
  try {
    const { size } = await fs.stat(file);
    if (size > limits.maxFileBytes) {
      errors.push({
        file: shown,
        message: `larger than the ${limits.maxFileBytes}-byte limit (${size} bytes): split it, or raise --max-file-size`,
      });
      return undefined;
    }
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    errors.push({ file: shown, message: describeFsError(error) });
    return undefined;
  }
}

/**
 * Several descriptor files for one cluster (say a cluster plus its node groups and account
 * facts) add up to one descriptor: cluster fields merge (later files win), list entries
 * and account facts merge the way the node library merges collected facts.
 */
export function mergeDescriptors(
  base: CloudDescriptor,
  extra: CloudDescriptor,
): CloudDescriptor {
  const {
    provider: _provider,
    cluster,
    ...facts
  } = extra as Record<string, any>;
  return mergeCloudFacts(
    { ...base, cluster: { ...base.cluster, ...cluster } } as CloudDescriptor,
    facts as CloudFacts,
  );
}

/** The parsers prefix messages with the file; the CLI prints the file itself. */
function withoutFilePrefix(message: string, file: string): string {
  return message.startsWith(`${file}: `)
    ? message.slice(file.length + 2)
    : message;
}

export interface InputRequest {
  manifests: string[];
  cloud: string[];
  provider?: Provider;
  cwd: string;
  /** Largest file and YAML alias expansion read; the node package's defaults if unset. */
  limits?: ManifestLimits;
}

/** Reads every input; a bad file becomes an error entry and the others are still read. */
export async function loadInputs(request: InputRequest): Promise<LoadedInputs> {
  const limits = request.limits ?? DEFAULT_MANIFEST_LIMITS;
  const loaded: LoadedInputs = {
    objects: [],
    origins: [],
    cloudFiles: [],
    files: [],
    readableFiles: 0,
    errors: [],
  };
  const seen = new Set<string>();

  for (const target of request.manifests) {
    const absolute = path.resolve(request.cwd, target);
    const files = await listManifestFiles(
      absolute,
      loaded.errors,
      displayPath(absolute, request.cwd),
    );
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      const shown = displayPath(file, request.cwd);
      loaded.files.push(shown);
      const text = await readText(file, shown, loaded.errors, limits);
      if (text === undefined) continue;
      const parsed = parseManifestText(text, shown, limits);
      for (const error of parsed.errors) {
        loaded.errors.push({ ...error, file: error.file ?? shown });
      }
      // Only what the checks read is kept of each object, file by file.
      parsed.objects.forEach((object, i) => {
        loaded.objects.push(projectObject(object));
        loaded.origins.push(parsed.origins[i] ?? { file: shown });
      });
      // A file with some good documents still counts as read; a file of comments too.
      if (parsed.objects.length > 0 || parsed.errors.length === 0) {
        loaded.readableFiles += 1;
      }
    }
  }

  // Pods (ReplicaSets, Jobs) whose controller is among the objects: metadata stubs.
  stubFoldedWorkloads(loaded.objects);

  for (const target of request.cloud) {
    const absolute = path.resolve(request.cwd, target);
    const shown = displayPath(absolute, request.cwd);
    if (seen.has(absolute)) continue;
    seen.add(absolute);
    loaded.files.push(shown);
    const text = await readText(absolute, shown, loaded.errors, limits);
    if (text === undefined) continue;
    const parsed = parseCloudDescriptor(text, shown, request.provider);
    for (const error of parsed.errors) {
      loaded.errors.push({
        ...error,
        file: error.file ?? shown,
        message: withoutFilePrefix(error.message, shown),
      });
    }
    const descriptor = parsed.descriptor;
    if (!descriptor) continue;
    if (request.provider && descriptor.provider !== request.provider) {
      loaded.errors.push({
        file: shown,
        message: `looks like a ${descriptor.provider.toUpperCase()} descriptor, not ${request.provider.toUpperCase()} as --provider says`,
      });
      continue;
    }
    if (loaded.cloud && loaded.cloud.provider !== descriptor.provider) {
      loaded.errors.push({
        file: shown,
        message: `is a ${descriptor.provider.toUpperCase()} descriptor but ${
          loaded.cloudFiles[0]
        } is ${loaded.cloud.provider.toUpperCase()}; scan one cluster at a time`,
      });
      continue;
    }
    try {
      loaded.cloud = loaded.cloud
        ? mergeDescriptors(loaded.cloud, descriptor)
        : descriptor;
    } catch (mergeError) {
      loaded.errors.push({
        file: shown,
        message: (mergeError as Error).message,
      });
      continue;
    }
    loaded.cloudFiles.push(shown);
    loaded.readableFiles += 1;
  }

  return loaded;
}
