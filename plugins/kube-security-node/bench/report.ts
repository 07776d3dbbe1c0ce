/*
 * What the node benchmarks print alike: numbers in en-US form, the heading that names the
 * benchmark and the machine, and a table of right-aligned columns.
 */
import * as os from 'os';

export const mb = (bytes: number) => bytes / (1024 * 1024);

/** `n` with thousands separators and exactly `digits` decimals. */
export function fmt(n: number, digits = 0) {
  return n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/**
 * Prints the benchmark's name and today's date, then Node, cores, CPU and RAM followed by
 * `settings` (the seed and the options the figures depend on).
 */
export function printMachine(benchmark: string, settings: string) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\nKube Security ${benchmark} benchmark - ${new Date()
      .toISOString()
      .slice(0, 10)}`,
  );
  console.log(
    `Node ${process.version}, ${os.cpus().length} cores (${cpu}), ${fmt(
      mb(os.totalmem()) / 1024,
      1,
    )} GB RAM, ${settings}\n`,
  );
}

/** Prints a header line, a rule and the rows, each column as wide as its widest cell. */
export function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => r[i].length)),
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map(w => '-'.repeat(w)).join('  '));
  rows.forEach(r => console.log(line(r)));
}
