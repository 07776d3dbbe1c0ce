/*
 * Command-line reading the node benchmarks share: flags one by one, and pod counts.
 */

/** Calls `on` with each flag of `argv` and a function that takes the value after it. */
export function readFlags(
  argv: string[],
  on: (flag: string, value: () => string) => void,
) {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    on(arg, () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    });
  }
}

/** `10000,100k`: the pod counts of `--pods`. */
export const podCounts = (text: string) =>
  text.split(',').map(v => Number(v.replace(/k$/i, '000')));

/** Throws unless every pod count is a positive integer. */
export function checkPodCounts(pods: number[]) {
  if (pods.some(n => !Number.isInteger(n) || n <= 0)) {
    throw new Error('--pods takes positive integers, e.g. --pods 10000,100000');
  }
}
