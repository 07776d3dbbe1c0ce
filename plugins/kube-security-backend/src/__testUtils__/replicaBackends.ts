import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { cpSync, mkdtempSync } from 'fs';
import { Knex } from 'knex';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { kubeSecurityPlugin } from '../plugin';
import { EXAMPLES_DIR, loadExampleCatalog } from './exampleCatalog';

/*
 * Several backends of the plugin on one database, each with Backstage's real (database
 * backed) scheduler: the replica tests.
 */

export type SnapshotCluster = {
  name: string;
  provider: string;
  directory: string;
  frequency: string;
};

/** `count` snapshot-folder clusters copied from the three examples, scanned every `intervalS`. */
export function snapshotFolders(
  count: number,
  intervalS: number,
): SnapshotCluster[] {
  const root = mkdtempSync(join(tmpdir(), 'kube-security-replicas-'));
  const providers = ['eks-prod-eu', 'gke-analytics', 'aks-shared'];
  return Array.from({ length: count }, (_, i) => {
    const example = providers[i % providers.length];
    const directory = join(root, `c${String(i + 1).padStart(2, '0')}`);
    cpSync(resolve(EXAMPLES_DIR, 'clusters', example), directory, {
      recursive: true,
    });
    return {
      name: `${example}-${String(i + 1).padStart(2, '0')}`,
      provider: example.split('-')[0],
      directory,
      frequency: `PT${intervalS}S`,
    };
  });
}

/** A logger that keeps every warning and error, and each scan, from any child logger. */
export function recordingLogger() {
  const logger = mockServices.logger.mock();
  const problems: string[] = [];
  const scanned: string[] = [];
  logger.info.mockImplementation((message: string) => {
    if (message.startsWith('Scanned cluster ')) scanned.push(message);
  });
  const keep = (level: string) => (message: string, meta?: unknown) => {
    problems.push(`${level}: ${message} ${meta ? JSON.stringify(meta) : ''}`);
  };
  logger.warn.mockImplementation(keep('warn'));
  logger.error.mockImplementation(keep('error'));
  logger.child.mockImplementation(() => logger);
  return { logger, problems, scanned };
}

/** The cluster named by a "Scanned cluster" message. */
export function scannedCluster(message: string): string {
  const match = /^Scanned cluster (\S+) /.exec(message);
  if (!match) throw new Error(`Not a scan message: ${message}`);
  return match[1];
}

/** Starts one backend of the plugin over `db`, scanning `snapshots`. */
export function startReplica(
  db: Knex,
  logger: ReturnType<typeof recordingLogger>['logger'],
  snapshots: SnapshotCluster[],
) {
  return startTestBackend({
    features: [
      kubeSecurityPlugin,
      catalogServiceMock.factory({ entities: loadExampleCatalog() }),
      mockServices.rootConfig.factory({
        data: {
          kubeSecurity: {
            snapshots,
            catalogRefresh: 'PT5S',
            notifications: { enabled: false },
          },
        },
      }),
      mockServices.database.factory({ knex: db }),
      schedulerServiceFactory,
      logger.factory,
    ],
  });
}

/**
 * Start and end times (ms) of each cluster's scans, in order, the count of each status,
 * and the failed scans.
 */
export async function storedScans(knex: Knex) {
  const scans: Array<{
    cluster: string;
    started_at: Date;
    finished_at: Date | null;
    status: string;
    error: string | null;
  }> = await knex('kube_security_scans')
    .select('cluster', 'started_at', 'finished_at', 'status', 'error')
    .orderBy('started_at');
  const byCluster = new Map<string, Array<{ start: number; end: number }>>();
  for (const s of scans) {
    byCluster.set(s.cluster, [
      ...(byCluster.get(s.cluster) ?? []),
      {
        start: new Date(s.started_at).getTime(),
        end: s.finished_at ? new Date(s.finished_at).getTime() : NaN,
      },
    ]);
  }
  const statuses = scans.reduce<Record<string, number>>(
    (acc, s) => ({ ...acc, [s.status]: (acc[s.status] ?? 0) + 1 }),
    {},
  );
  const failed = scans
    .filter(s => s.status !== 'ok')
    .map(s => ({
      cluster: s.cluster,
      start: new Date(s.started_at).getTime(),
      end: s.finished_at ? new Date(s.finished_at).getTime() : NaN,
      error: s.error ?? '',
    }));
  return { count: scans.length, byCluster, statuses, failed };
}

/** Seconds between consecutive scans of each cluster. */
export function gapsSeconds(
  byCluster: Map<string, Array<{ start: number }>>,
): number[] {
  return [...byCluster.values()].flatMap(runs =>
    runs.slice(1).map((r, i) => (r.start - runs[i].start) / 1000),
  );
}

/** A scan that a stopping backend aborted (by design: it stores nothing). */
export const STOPPED_SCAN = /the scan was stopped after collection/;

export const sleepSeconds = (s: number) =>
  new Promise(done => setTimeout(done, s * 1000));
