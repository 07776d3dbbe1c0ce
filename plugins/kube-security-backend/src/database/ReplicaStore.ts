import { Knex } from 'knex';
import { Timestamp, toIso } from './tables';

const TABLE = 'kube_security_replicas';
const SCANS = 'kube_security_scans';
/** Rows whose lease ended this long ago are deleted when a replica renews its own. */
const FORGET_AFTER_MS = 24 * 3600 * 1000;

/** A replica of the backend as the others see it. */
export interface ReplicaLease {
  id: string;
  leaseExpiresAt: string;
}

/**
 * The backend replicas sharing the scans, each holding a lease that it renews while it
 * runs. A replica whose lease ran out (it died, or lost the database) counts no more.
 * Times are the replicas' clocks (real time, never the demo replay's).
 */
export class ReplicaStore {
  constructor(
    readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates or renews the lease of a replica, until `leaseMs` from now. */
  async renew(id: string, leaseMs: number): Promise<void> {
    if (!id) throw new Error('A replica needs an id');
    if (!(leaseMs > 0)) {
      throw new Error(`A replica lease must be positive, got ${leaseMs} ms`);
    }
    const now = this.now().getTime();
    await this.db(TABLE)
      .insert({
        id,
        lease_expires_at: new Date(now + leaseMs),
      })
      .onConflict('id')
      .merge(['lease_expires_at']);
    await this.db(TABLE)
      .where('lease_expires_at', '<', new Date(now - FORGET_AFTER_MS))
      .delete();
  }

  /** The replicas whose lease holds, by id. */
  async live(): Promise<ReplicaLease[]> {
    const rows: Array<{ id: string; lease_expires_at: Timestamp }> =
      await this.db(TABLE)
        .where('lease_expires_at', '>', this.now())
        .orderBy('id');
    return rows.map(r => ({
      id: r.id,
      leaseExpiresAt: toIso(r.lease_expires_at)!,
    }));
  }

  /** When the latest scan of a cluster started, whichever replica ran it. */
  async lastScanStartedAt(cluster: string): Promise<Date | undefined> {
    const [row] = await this.db(SCANS)
      .where({ cluster })
      .max({ at: 'started_at' });
    const at = toIso(row?.at as Timestamp | null);
    return at ? new Date(at) : undefined;
  }

  /** Ends a replica's lease at once (it is stopping). */
  async leave(id: string): Promise<void> {
    await this.db(TABLE).where({ id }).delete();
  }
}
