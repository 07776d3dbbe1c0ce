/** Code-unit order (not locale order), so that results are the same on every machine. */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
