import { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  ClusterStatus,
  Provider,
  ScanStatus,
} from '@kube-security/plugin-kube-security-common';
import { Knex } from 'knex';
import { applyMigrations } from './migrations';

type ClusterRow = {
  name: string;
  provider: string | null;
  source: string;
  last_scan_id: number | null;
  last_good_scan_at: string | Date | null;
  stale: boolean | number;
  stale_reason: string | null;
};

type ScanRow = {
  id: number;
  status: string;
  started_at: string | Date;
  finished_at: string | Date | null;
  error: string | null;
  unreadable_kinds: string | null;
};

/** SQLite returns strings or numbers for timestamps, PostgreSQL returns Dates. */
function toIso(value: string | Date | number | null | undefined) {
  if (value === null || value === undefined) return undefined;
  return new Date(value).toISOString();
}

/** Persistence of Kube Security: clusters, scans, findings and score history. */
export class KubeSecurityStore {
  static async create(database: DatabaseService): Promise<KubeSecurityStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await applyMigrations(knex);
    }
    return new KubeSecurityStore(knex);
  }

  constructor(private readonly db: Knex) {}

  async listClusters(): Promise<ClusterStatus[]> {
    const clusters = await this.db<ClusterRow>('kube_security_clusters')
      .select()
      .orderBy('name');
    const scanIds = clusters
      .map(c => c.last_scan_id)
      .filter((id): id is number => id !== null);
    const scans = scanIds.length
      ? await this.db<ScanRow>('kube_security_scans').whereIn('id', scanIds)
      : [];
    const scansById = new Map(scans.map(s => [s.id, s]));
    return clusters.map(row => {
      const scan =
        row.last_scan_id !== null ? scansById.get(row.last_scan_id) : undefined;
      return {
        name: row.name,
        provider: (row.provider ?? undefined) as Provider | undefined,
        source: row.source,
        lastScan: scan && {
          id: scan.id,
          status: scan.status as ScanStatus,
          startedAt: toIso(scan.started_at)!,
          finishedAt: toIso(scan.finished_at),
          error: scan.error ?? undefined,
          unreadableKinds: scan.unreadable_kinds
            ? JSON.parse(scan.unreadable_kinds)
            : undefined,
        },
        lastGoodScanAt: toIso(row.last_good_scan_at),
        stale: Boolean(row.stale),
        staleReason: row.stale_reason ?? undefined,
      };
    });
  }
}
