import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeSecurityCollector } from '@kube-security/plugin-kube-security-node';
import { readdir } from 'fs/promises';
import { join, resolve } from 'path';
import type { SnapshotDirectoryCollector } from '../collectors/SnapshotDirectoryCollector';
import type { SnapshotClusterConfig } from '../config/readConfig';
import { DAY_MS } from '../database/tables';
import type { ClusterSource, ScanService } from './ScanService';

/**
 * The plugin's clock: the real time, except while earlier versions of a snapshot are
 * replayed, when it is set back to the day each version stands for. Stores and services
 * take `now` from it, so a replayed scan is stored, scored and kept in the score history
 * as of that day.
 */
export class ReplayClock {
  private at?: number;

  readonly now = (): Date =>
    this.at === undefined ? new Date() : new Date(this.at);

  /** Sets the time (undefined: back to the real time). */
  set(at?: Date): void {
    this.at = at?.getTime();
  }
}

/** Days between two replayed versions. */
export const HISTORY_INTERVAL_DAYS = 7;

/** The version folders of a snapshot's history, oldest first (sorted by name). */
export async function historyVersions(
  history: string,
  baseDir: string = process.cwd(),
): Promise<string[]> {
  const dir = resolve(baseDir, history);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new Error(
      `Cannot read the snapshot history folder ${dir}: ${(e as Error).message}`,
    );
  }
  return entries
    .filter(e => e.isDirectory())
    .map(e => e.name)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map(name => join(dir, name));
}

/** The snapshot collector, reading one earlier version of the cluster. */
function versionCollector(
  collector: SnapshotDirectoryCollector,
  overlay: string,
): KubeSecurityCollector {
  return {
    id: collector.id,
    listClusters: () => collector.listClusters(),
    collect: (cluster, options) =>
      collector.collect(cluster, { ...options, overlay }),
  };
}

export interface HistoryReplayOptions {
  /** The snapshot clusters; those with `history` are replayed. */
  snapshots: SnapshotClusterConfig[];
  collector: SnapshotDirectoryCollector;
  scans: ScanService;
  clock: ReplayClock;
  logger: LoggerService;
  baseDir?: string;
}

/**
 * Replays the earlier versions of snapshot clusters that were never scanned: each version
 * is scanned as a real scan of its files, with the clock set back, a week apart and the
 * newest a week ago, versions of all clusters aligned from the newest. Scores, trends,
 * score history and grade-change notifications come out as if the scans had run then.
 * Returns false when the scans were deferred (no catalog yet): call again later.
 */
export async function replayHistory(
  options: HistoryReplayOptions,
): Promise<boolean> {
  const { clock, scans, logger } = options;
  const scanned = new Set(
    (await scans.listClusters()).filter(c => c.lastGoodScanAt).map(c => c.name),
  );
  const plans: Array<{ source: ClusterSource; versions: string[] }> = [];
  for (const snapshot of options.snapshots) {
    if (!snapshot.history || scanned.has(snapshot.name)) continue;
    const versions = await historyVersions(snapshot.history, options.baseDir);
    const source: ClusterSource = {
      name: snapshot.name,
      provider: snapshot.provider,
      collectors: [],
    };
    if (versions.length) plans.push({ source, versions });
  }
  const steps = Math.max(0, ...plans.map(p => p.versions.length));
  if (!steps) return true;

  const start = clock.now().getTime();
  let count = 0;
  try {
    for (let step = 0; step < steps; step++) {
      const daysAgo = (steps - step) * HISTORY_INTERVAL_DAYS;
      clock.set(new Date(start - daysAgo * DAY_MS));
      for (const { source, versions } of plans) {
        const version = versions[versions.length - (steps - step)];
        if (!version) continue;
        const outcome = await scans.scan({
          ...source,
          collectors: [versionCollector(options.collector, version)],
        });
        if (outcome.status === 'deferred') return false;
        if (outcome.status === 'failed') {
          logger.warn(
            `Replaying ${version} of cluster ${source.name} failed: ${outcome.error}`,
          );
        }
        count += 1;
      }
    }
  } finally {
    clock.set(undefined);
  }
  logger.info(
    `Replayed ${count} earlier snapshot versions of ${plans.length} clusters, ${HISTORY_INTERVAL_DAYS} days apart`,
  );
  return true;
}
