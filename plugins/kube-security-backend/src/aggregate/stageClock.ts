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
  totalMs: number;
}

/** Adds up the wall-clock time of calls per named stage. */
export class StageClock {
  private readonly start = performance.now();
  readonly stages: Record<string, number> = {};

  private charge(stage: string, ms: number) {
    this.stages[stage] = (this.stages[stage] ?? 0) + ms;
  }

  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.charge(stage, performance.now() - started);
    }
  }

  timeSync<T>(stage: string, fn: () => T): T {
    const started = performance.now();
    try {
      return fn();
    } finally {
      this.charge(stage, performance.now() - started);
    }
  }

  report(
    kind: RecomputeReport['kind'],
    entities: number,
    teams: number,
  ): RecomputeReport {
    const stages: Record<string, number> = {};
    for (const [stage, ms] of Object.entries(this.stages)) {
      stages[stage] = Math.round(ms * 10) / 10;
    }
    return {
      kind,
      entities,
      teams,
      stages,
      totalMs: Math.round((performance.now() - this.start) * 10) / 10,
    };
  }
}
