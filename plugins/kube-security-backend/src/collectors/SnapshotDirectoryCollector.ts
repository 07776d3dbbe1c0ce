import {
  CollectOptions,
  CollectorCluster,
  CollectorContribution,
  KubeSecurityCollector,
  loadManifests,
  parseCloudDescriptor,
  projectObject,
  stubFoldedWorkloads,
  UNREADABLE_FILE_KIND,
} from '@kube-security/plugin-kube-security-node';
import { readdir, readFile } from 'fs/promises';
import { join, resolve } from 'path';
import type { SnapshotClusterConfig } from '../config/readConfig';

/** Files in a snapshot folder that hold the provider descriptor rather than manifests. */
const CLOUD_FILE = /^cloud\.(json|ya?ml)$/i;

function formatProblem(e: { file?: string; line?: number; message: string }) {
  const where = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}: ` : '';
  return `${where}${e.message}`;
}

/**
 * Reads clusters from folders of exported manifests (`kubectl get -A -o yaml`, List objects,
 * multi-document YAML, JSON) plus an optional `cloud.json` holding the provider's cluster
 * descriptor. The demo runs on these; they are also handy for air-gapped clusters.
 */
export class SnapshotDirectoryCollector implements KubeSecurityCollector {
  readonly id = 'snapshot';

  constructor(
    private readonly clusters: SnapshotClusterConfig[],
    private readonly baseDir: string = process.cwd(),
  ) {}

  async listClusters(): Promise<CollectorCluster[]> {
    return this.clusters.map(({ name, provider, frequency }) => ({
      name,
      provider,
      frequency,
    }));
  }

  /** The snapshot folder's files by name: of `overlay` where it has one, else of `dir`. */
  private async files(
    clusterName: string,
    dir: string,
    overlay?: string,
  ): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    for (const folder of overlay ? [dir, overlay] : [dir]) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch (e) {
        throw new Error(
          `Cannot read the snapshot folder of cluster ${clusterName} (${folder}): ${
            (e as Error).message
          }`,
        );
      }
      for (const name of names) {
        if (/\.(ya?ml|json)$/i.test(name)) files.set(name, join(folder, name));
      }
    }
    return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
  }

  /**
   * Collects a cluster from its folder; with `overlay`, an earlier version of it: the
   * overlay folder's files replace the folder's files of the same name.
   */
  async collect(
    clusterName: string,
    options?: CollectOptions & { overlay?: string },
  ): Promise<CollectorContribution> {
    const cluster = this.clusters.find(c => c.name === clusterName);
    if (!cluster) {
      throw new Error(
        `The snapshot collector has no cluster named "${clusterName}"`,
      );
    }
    const dir = resolve(this.baseDir, cluster.directory);
    const files = await this.files(
      clusterName,
      dir,
      options?.overlay && resolve(this.baseDir, options.overlay),
    );
    const names = [...files.keys()];
    const cloudFiles = names.filter(n => CLOUD_FILE.test(n));
    const manifestPaths = names
      .filter(n => !CLOUD_FILE.test(n))
      .map(n => files.get(n)!);

    const loaded = await loadManifests(manifestPaths, cluster.limits);
    const notes = loaded.errors.map(formatProblem);
    if (loaded.objects.length === 0 && manifestPaths.length > 0) {
      throw new Error(
        `No Kubernetes object could be read for cluster ${clusterName}: ${notes.join(
          '; ',
        )}`,
      );
    }

    let cloud;
    const cloudProblems: string[] = [];
    for (const file of cloudFiles) {
      const path = files.get(file)!;
      const result = parseCloudDescriptor(
        await readFile(path, 'utf8'),
        path,
        cluster.provider,
      );
      notes.push(...result.errors.map(formatProblem));
      // A descriptor that cannot be read hides the cloud facts: missing, not fixed.
      if (!result.descriptor)
        cloudProblems.push(...result.errors.map(formatProblem));
      cloud = result.descriptor ?? cloud;
    }

    // Only what the checks read is kept, as the Kubernetes API collector does.
    const objects = loaded.objects.map(projectObject);
    stubFoldedWorkloads(objects);

    return {
      objects,
      cloud,
      scope: 'cluster',
      // Files that could not be parsed make the scan partial: what they held is unknown,
      // so no kind counts as fully read.
      unreadable: [
        ...loaded.errors.map(e => ({
          kind: UNREADABLE_FILE_KIND,
          reason: formatProblem(e),
        })),
        ...(cloud
          ? []
          : cloudProblems.map(reason => ({
              kind: 'cloud (snapshot)',
              reason,
            }))),
      ],
      notes,
    };
  }
}
