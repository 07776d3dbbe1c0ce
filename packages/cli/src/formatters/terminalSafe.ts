/**
 * Characters a terminal acts on instead of printing: C0 and C1 controls (ESC starts colour,
 * cursor, title and hyperlink sequences; CSI is 0x9b; CR rewrites the line) and the Unicode
 * bidirectional overrides that reorder what the reader sees. Tab and newline are only
 * allowed where the formatter writes them itself, never inside a value.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- the controls are what it matches
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Shows each unsafe character as a visible `\uXXXX` escape. */
export function terminalSafe(text: string): string {
  return text.replace(
    UNSAFE,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A deep copy in which every string (keys included) is terminal-safe. */
export function terminalSafeDeep<T>(value: T): T {
  if (typeof value === 'string') return terminalSafe(value) as T;
  if (Array.isArray(value)) return value.map(terminalSafeDeep) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[terminalSafe(key)] = terminalSafeDeep(item);
    }
    return copy as T;
  }
  return value;
}
