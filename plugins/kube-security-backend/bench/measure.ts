/** Small measuring helpers for the store benchmark: a seeded random, timers, memory. */

// The seeded random of the engine benchmark, so both benchmarks draw from one generator.
// Benchmarks are not published, so a relative import between them is fine.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { createRandom } from '../../kube-security-node/bench/synthetic';

export { createRandom };
export type Random = ReturnType<typeof createRandom>;

export function ms(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

/**
 * Wall-clock and this process's CPU time (user + system) of an asynchronous step. CPU time
 * leaves out the database server's work, but it is less sensitive to other load.
 */
export async function timed<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, ms: ms(start), cpuMs: (used.user + used.system) / 1000 };
}

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The process's RSS high-water mark so far (kernel figure, includes synchronous bursts). */
export function maxRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function collectGarbage() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/**
 * Samples RSS while an asynchronous phase runs. The sampler only runs when the event loop
 * is free, so a synchronous burst can be missed; maxRssMb() catches those.
 */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<{
  value: T;
  ms: number;
  cpuMs: number;
  rssBeforeMb: number;
  peakRssMb: number;
  heapBeforeMb: number;
}> {
  collectGarbage();
  const before = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const { value, ms: elapsed, cpuMs } = await timed(fn);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      value,
      ms: elapsed,
      cpuMs,
      rssBeforeMb: mb(before),
      peakRssMb: mb(peak),
      heapBeforeMb: mb(heapBefore),
    };
  } finally {
    clearInterval(timer);
  }
}

/** Nearest-rank percentile of an unsorted list. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

export function log(message: string) {
  process.stdout.write(`${message}\n`);
}
