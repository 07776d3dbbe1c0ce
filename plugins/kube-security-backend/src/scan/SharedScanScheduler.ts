import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';
import { randomUUID } from 'crypto';
import type { ReplicaStore } from '../database/ReplicaStore';
import { shareClusters } from './shareClusters';

/** The scheduled task of one cluster's scan. */
export interface ClusterScanTask {
  id: string;
  frequency: HumanDuration;
  timeout: HumanDuration;
  /** Before the first scan of a cluster new to the database (start-up, catalog). */
  initialDelay: HumanDuration;
  /**
   * The run. It calls `spaced` right before the scan starts: that waits, when needed,
   * until one interval has passed since the cluster's previous scan started.
   */
  fn: (signal: AbortSignal, spaced: () => Promise<void>) => Promise<void>;
}

interface Worker {
  controller: AbortController;
  running: boolean;
  released: boolean;
}

const MS: Partial<Record<keyof HumanDuration, number>> = {
  milliseconds: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
  months: 30 * 86_400_000,
  years: 365 * 86_400_000,
};

/**
 * How much earlier than one interval after the previous scan a run may be offered by the
 * scheduler: it checks for due tasks every 5 s, each replica at its own moment, drifting
 * by the time each check takes; so a task may come up to about 5 s sooner in its interval
 * than last time (more when it moved to another replica), and the work before the scan
 * (reading the catalog) takes more or less time. Runs that early wait; earlier ones (a
 * scan triggered by hand) do not.
 */
export const SPACING_TOLERANCE_MS = 10_000;

/** The length of a duration in milliseconds (months of 30 days, years of 365). */
export function durationMs(duration: HumanDuration): number {
  return Object.entries(duration).reduce(
    (sum, [unit, value]) =>
      sum + (MS[unit as keyof HumanDuration] ?? 0) * Number(value ?? 0),
    0,
  );
}

/**
 * How often a replica renews its lease and re-divides the clusters: eight times per
 * shortest scan interval, between half a second and 30 seconds. The lease lasts four
 * renewals, and at least 10 seconds.
 */
export function replicaTiming(shortestIntervalMs: number): {
  heartbeatMs: number;
  leaseMs: number;
} {
  const heartbeatMs = Math.min(
    30_000,
    Math.max(500, Math.floor(shortestIntervalMs / 8)),
  );
  return { heartbeatMs, leaseMs: Math.max(4 * heartbeatMs, 10_000) };
}

/**
 * Shares the clusters' scans among the backend replicas. Each cluster's scan is a global
 * task of Backstage's scheduler, which claims every run in the database, so a cluster is
 * never scanned twice in one interval and a run whose replica died is freed when its
 * timeout passes. On its own the scheduler lets whichever replica polls first take every
 * due task; so each replica holds a lease in `kube_security_replicas`, the clusters are
 * divided evenly among the replicas whose lease holds, and a replica schedules the tasks
 * of its share only. It renews its lease and re-divides on every heartbeat: a replica
 * that joins takes its share, one that stops (or whose lease runs out) has its share
 * taken over by the others. A task is given away a heartbeat and a half after it became
 * another replica's (so the new owner holds it by then), and a running one when its run
 * ends; a task two replicas hold for a while still runs once, by the scheduler's claim.
 */
export class SharedScanScheduler {
  readonly replicaId: string;
  readonly #tasks = new Map<string, ClusterScanTask>();
  readonly #workers = new Map<string, Worker>();
  /** Clusters held here that another replica owns now, since when. */
  readonly #lostAt = new Map<string, number>();
  readonly #now: () => number;
  /** Clusters whose first task waits the initial delay (new to the database). */
  readonly #fresh = new Set<string>();
  #started = false;
  #stopped = false;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      scheduler: SchedulerService;
      replicas: ReplicaStore;
      logger: LoggerService;
      heartbeatMs: number;
      leaseMs: number;
      /** The clusters scanned now (the others are given up). */
      isActive: (cluster: string) => boolean;
      replicaId?: string;
      /** Real time (ms), for tests. */
      now?: () => number;
    },
  ) {
    if (!(options.heartbeatMs > 0) || options.leaseMs <= options.heartbeatMs) {
      throw new Error(
        `A replica's lease (${options.leaseMs} ms) must outlast its heartbeat (${options.heartbeatMs} ms)`,
      );
    }
    this.replicaId = options.replicaId ?? randomUUID();
    this.#now = options.now ?? Date.now;
  }

  /** Adds the scan task of a cluster; after start-up it is shared at once. */
  async add(cluster: string, task: ClusterScanTask): Promise<void> {
    if (this.#tasks.has(cluster)) return;
    this.#tasks.set(cluster, task);
    this.#fresh.add(cluster);
    if (this.#started) await this.rebalance();
  }

  /**
   * Joins the replicas and schedules this replica's share, then re-divides on every
   * heartbeat (a local task). A replica that starts alone waits each task's initial
   * delay; one that joins running replicas follows the schedule stored with the tasks.
   */
  async start(): Promise<void> {
    await this.options.replicas.renew(this.replicaId, this.options.leaseMs);
    const others = (await this.options.replicas.live()).filter(
      r => r.id !== this.replicaId,
    );
    if (others.length) this.#fresh.clear();
    this.#started = true;
    await this.rebalance();
    await this.options.scheduler.scheduleTask({
      id: `kube-security:replica-lease`,
      frequency: { milliseconds: this.options.heartbeatMs },
      timeout: { milliseconds: this.options.leaseMs },
      initialDelay: { milliseconds: this.options.heartbeatMs },
      scope: 'local',
      fn: () => this.rebalance(),
    });
  }

  /** Leaves the replicas at once (on shutdown), so the others take this share over. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#queue;
    for (const cluster of [...this.#workers.keys()]) this.#release(cluster);
    await this.options.replicas
      .leave(this.replicaId)
      .catch(e =>
        this.options.logger.warn(
          `Could not end this replica's lease; the others take its clusters over when it runs out: ${
            (e as Error).message
          }`,
        ),
      );
  }

  /** The clusters whose task this replica holds now. */
  owned(): string[] {
    return [...this.#workers.keys()].sort();
  }

  /** Renews the lease and schedules or gives up tasks to match the division. */
  rebalance(): Promise<void> {
    this.#queue = this.#queue.then(() => this.#rebalance());
    return this.#queue;
  }

  async #rebalance(): Promise<void> {
    if (this.#stopped) return;
    const { replicas, logger } = this.options;
    let live: string[];
    try {
      await replicas.renew(this.replicaId, this.options.leaseMs);
      live = (await replicas.live()).map(r => r.id);
    } catch (e) {
      // The tasks held stay: the scheduler's claims keep each run single meanwhile.
      logger.warn(
        `Could not renew this replica's lease; its scans stay as they are: ${
          (e as Error).message
        }`,
      );
      return;
    }
    const active = [...this.#tasks.keys()].filter(c =>
      this.options.isActive(c),
    );
    const owners = shareClusters(active, [...live, this.replicaId]);
    const now = this.#now();
    for (const cluster of [...this.#workers.keys()]) {
      const owner = owners.get(cluster);
      if (owner === this.replicaId) {
        this.#lostAt.delete(cluster);
      } else if (owner === undefined) {
        this.#release(cluster);
      } else {
        // Another replica's now: held until it has surely scheduled its own task (it
        // re-divides within a heartbeat), so that no interval passes without a task.
        const since = this.#lostAt.get(cluster) ?? now;
        this.#lostAt.set(cluster, since);
        if (now - since >= 1.5 * this.options.heartbeatMs) {
          this.#release(cluster);
        }
      }
    }
    for (const [cluster, owner] of owners) {
      if (owner !== this.replicaId) {
        // Another replica schedules it: its first run is not this replica's to delay.
        this.#fresh.delete(cluster);
      } else if (!this.#workers.has(cluster)) {
        await this.#schedule(cluster).catch(e =>
          logger.warn(
            `Could not schedule the scan of ${cluster}: ${
              (e as Error).message
            }`,
          ),
        );
      }
    }
  }

  async #schedule(cluster: string): Promise<void> {
    const task = this.#tasks.get(cluster)!;
    const worker: Worker = {
      controller: new AbortController(),
      running: false,
      released: false,
    };
    const timeoutMs = durationMs(task.timeout);
    const intervalMs = durationMs(task.frequency);
    const initialDelay = this.#fresh.delete(cluster)
      ? task.initialDelay
      : undefined;
    this.#workers.set(cluster, worker);
    try {
      await this.options.scheduler.scheduleTask({
        id: task.id,
        frequency: task.frequency,
        timeout: task.timeout,
        ...(initialDelay && { initialDelay }),
        scope: 'global',
        signal: worker.controller.signal,
        fn: async signal => {
          worker.running = true;
          try {
            // Given away between its claim and this call: the run is this replica's
            // still, so it runs, bounded by its timeout only.
            const runSignal =
              signal.aborted && worker.released && !this.#stopped
                ? AbortSignal.timeout(timeoutMs)
                : (signal as AbortSignal);
            await task.fn(runSignal, () =>
              this.#keepSpacing(cluster, intervalMs, runSignal),
            );
          } finally {
            worker.running = false;
            if (worker.released) worker.controller.abort();
          }
        },
      });
    } catch (e) {
      this.#workers.delete(cluster);
      throw e;
    }
  }

  /**
   * Waits, when a scan would start less than one interval after the cluster's previous
   * one (by up to SPACING_TOLERANCE_MS), until that interval has passed.
   */
  async #keepSpacing(
    cluster: string,
    intervalMs: number,
    signal: AbortSignal,
  ): Promise<void> {
    const last = await this.options.replicas
      .lastScanStartedAt(cluster)
      .catch(() => undefined);
    const early = last ? last.getTime() + intervalMs - this.#now() : 0;
    if (early <= 0 || early > SPACING_TOLERANCE_MS || signal.aborted) return;
    await new Promise<void>(done => {
      const timer = setTimeout(done, early);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          done();
        },
        { once: true },
      );
    });
  }

  /** Stops this replica's task of a cluster, once its current run (if any) ends. */
  #release(cluster: string): void {
    const worker = this.#workers.get(cluster);
    if (!worker) return;
    this.#workers.delete(cluster);
    this.#lostAt.delete(cluster);
    worker.released = true;
    if (!worker.running) worker.controller.abort();
  }
}
