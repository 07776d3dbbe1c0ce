import { Knex } from 'knex';
import { fitText, withoutNul } from './storedText';

const TABLE = 'kube_security_notification_outbox';
const KEY_LENGTH = 512;

/** A notification to deliver: to whom, and what. */
export interface OutboxMessage {
  recipients: string[];
  payload: Record<string, unknown>;
}

/** A notification taken by this replica to send. */
export interface ClaimedMessage extends OutboxMessage {
  key: string;
  /** The claim time: confirming or releasing names it, so a stale claim cannot. */
  claimedAt: Date;
  attempts: number;
}

/**
 * The notification outbox: claim, send, confirm. A notification is written once per key
 * (so rescans and replicas never queue an event twice), claimed by one replica at a time
 * for a lease, and confirmed only once delivered. A failed send releases the claim; a claim
 * never confirmed (the replica died) can be taken again when its lease has run out.
 */
export class NotificationStore {
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Queues a notification; false when one with this key exists already (sent or not). */
  async enqueue(key: string, message: OutboxMessage): Promise<boolean> {
    const rows = await this.db(TABLE)
      .insert({
        key: fitText(key, KEY_LENGTH),
        recipients: JSON.stringify(message.recipients),
        payload: JSON.stringify(message.payload),
        created_at: this.now(),
        attempts: 0,
      })
      .onConflict('key')
      .ignore()
      .returning('key');
    return rows.length > 0;
  }

  /**
   * Queues one notification about the events of `markers` that were never queued before,
   * in one transaction: each marker key is remembered (as sent, so it is never retried on
   * its own), and `build` makes the notification of the fresh ones. Returns its key, or
   * nothing when every marker was known already. Inside `transaction` when given (a
   * scan's write, so the notification is queued with the findings or not at all).
   */
  async enqueueNew(
    markers: string[],
    build: (fresh: string[]) => { key: string; message: OutboxMessage },
    transaction?: Knex.Transaction,
  ): Promise<string | undefined> {
    const run = <T>(work: (tx: Knex.Transaction) => Promise<T>) =>
      transaction ? work(transaction) : this.db.transaction(work);
    return run(async tx => {
      const now = this.now();
      const fresh: string[] = [];
      for (const marker of markers) {
        const rows = await tx(TABLE)
          .insert({
            key: fitText(marker, KEY_LENGTH),
            recipients: '[]',
            payload: '{}',
            created_at: now,
            claimed_at: now,
            sent_at: now,
            attempts: 0,
          })
          .onConflict('key')
          .ignore()
          .returning('key');
        if (rows.length) fresh.push(marker);
      }
      if (!fresh.length) return undefined;
      const { key, message } = build(fresh);
      const stored = fitText(key, KEY_LENGTH);
      await tx(TABLE)
        .insert({
          key: stored,
          recipients: JSON.stringify(message.recipients),
          payload: JSON.stringify(message.payload),
          created_at: now,
          attempts: 0,
        })
        .onConflict('key')
        .ignore();
      return stored;
    });
  }

  /**
   * Takes a notification to send: only one replica gets it, and only while it is neither
   * sent nor held by a claim younger than `leaseMs`.
   */
  async claim(
    key: string,
    leaseMs: number,
  ): Promise<ClaimedMessage | undefined> {
    const stored = fitText(key, KEY_LENGTH);
    const row = await this.db(TABLE).where({ key: stored }).first();
    if (!row || row.sent_at !== null) return undefined;
    const now = this.now();
    const claimedAt = row.claimed_at === null ? null : new Date(row.claimed_at);
    if (claimedAt && claimedAt.getTime() > now.getTime() - leaseMs) {
      return undefined;
    }
    // Compare-and-set on the claim seen: of two replicas, one updates the row.
    const query = this.db(TABLE).where({ key: stored }).whereNull('sent_at');
    if (claimedAt) query.where('claimed_at', row.claimed_at);
    else query.whereNull('claimed_at');
    const updated = await query.update({
      claimed_at: now,
      attempts: Number(row.attempts) + 1,
    });
    if (updated !== 1) return undefined;
    return {
      key: stored,
      recipients: JSON.parse(row.recipients),
      payload: JSON.parse(row.payload),
      claimedAt: now,
      attempts: Number(row.attempts) + 1,
    };
  }

  /** Marks a claimed notification delivered. */
  async confirm(claim: ClaimedMessage): Promise<void> {
    await this.db(TABLE)
      .where({ key: claim.key, claimed_at: claim.claimedAt })
      .update({ sent_at: this.now(), last_error: null });
  }

  /** Gives a claim back after a failed send, so the next pass retries it. */
  async release(claim: ClaimedMessage, error: string): Promise<void> {
    await this.db(TABLE)
      .where({ key: claim.key, claimed_at: claim.claimedAt })
      .whereNull('sent_at')
      .update({ claimed_at: null, last_error: withoutNul(error) });
  }

  /**
   * Keys of notifications to (re)try, oldest first: not sent, not claimed or claimed longer
   * ago than `leaseMs`, and tried fewer than `maxAttempts` times.
   */
  async due(
    leaseMs: number,
    maxAttempts: number,
    limit = 100,
  ): Promise<string[]> {
    const expired = new Date(this.now().getTime() - leaseMs);
    const rows = await this.db(TABLE)
      .whereNull('sent_at')
      .where('attempts', '<', maxAttempts)
      .where(q => q.whereNull('claimed_at').orWhere('claimed_at', '<', expired))
      .orderBy([{ column: 'created_at' }, { column: 'key' }])
      .limit(limit)
      .select('key');
    return rows.map(r => r.key);
  }

  /** How many notifications wait to be delivered, and how many gave up. */
  async backlog(
    maxAttempts: number,
  ): Promise<{ pending: number; failed: number }> {
    const [{ pending }] = await this.db(TABLE)
      .whereNull('sent_at')
      .where('attempts', '<', maxAttempts)
      .count({ pending: '*' });
    const [{ failed }] = await this.db(TABLE)
      .whereNull('sent_at')
      .where('attempts', '>=', maxAttempts)
      .count({ failed: '*' });
    return { pending: Number(pending), failed: Number(failed) };
  }
}
