import { performance } from 'node:perf_hooks';

/** What one recompute did and how long each of its stages took. */
export interface RecomputeReport {
  kind: 'full' | 'incremental';
  /** Entities whose plans were rebuilt. */
  entities: number;
  /** Teams rolled up. */
  teams: number;
  /** Milliseconds per stage, in the order the stages first ran. */
  stages: Record<string, number>;
  /**
   * The process's CPU milliseconds per stage (all its threads, as process.cpuUsage counts
   * them): on a loaded machine, steadier than the wall-clock times.
   */
  cpuStages: Record<string, number>;
  totalMs: number;
  /** The summaries and roll-ups written (those that came out unchanged are not). */
  written?: { entities: number; teams: number };
}

/** Adds up the wall-clock and CPU time of calls per named stage. */
export class StageClock {
  private readonly start = performance.now();
  private readonly wall: Record<string, number> = {};
  private readonly cpu: Record<string, number> = {};

  private charge(stage: string, started: number, cpu: NodeJS.CpuUsage) {
    const used = process.cpuUsage(cpu);
    this.wall[stage] = (this.wall[stage] ?? 0) + performance.now() - started;
    this.cpu[stage] = (this.cpu[stage] ?? 0) + (used.user + used.system) / 1000;
  }

  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const cpu = process.cpuUsage();
    try {
      return await fn();
    } finally {
      this.charge(stage, started, cpu);
    }
  }

  timeSync<T>(stage: string, fn: () => T): T {
    const started = performance.now();
    const cpu = process.cpuUsage();
    try {
      return fn();
    } finally {
      this.charge(stage, started, cpu);
    }
  }

  report(
    kind: RecomputeReport['kind'],
    entities: number,
    teams: number,
  ): RecomputeReport {
    const rounded = (figures: Record<string, number>) =>
      Object.fromEntries(
        Object.entries(figures).map(([stage, ms]) => [
          stage,
          Math.round(ms * 10) / 10,
        ]),
      );
    return {
      kind,
      entities,
      teams,
      stages: rounded(this.wall),
      cpuStages: rounded(this.cpu),
      totalMs: Math.round((performance.now() - this.start) * 10) / 10,
    };
  }
}
