import { createHash } from 'crypto';

/*
 * Text as the database can hold it. PostgreSQL rejects U+0000 in text columns and
 * `varchar(n)` columns refuse longer values; SQLite accepts both. Whatever a cluster or a
 * user sends, a write must not fail on it, and two distinct values must stay distinct.
 */

/** Column lengths of the migrations, for the values that come from clusters or users. */
export const COLUMN = {
  cluster: 255,
  checkId: 128,
  itemId: 64,
  /** `kind` of findings and decisions. */
  kind: 128,
  /** `kind` of workloads. */
  workloadKind: 64,
  namespace: 255,
  name: 512,
  container: 255,
  entityRef: 512,
  annotation: 255,
  actor: 512,
} as const;

const HASH_LENGTH = 16;

/** Replaces U+0000 with U+FFFD, so the text keeps its length and shows where it was. */
export function withoutNul(value: string): string {
  return value.includes('\u0000')
    ? value.split('\u0000').join('\uFFFD')
    : value;
}

/**
 * `value` without U+0000 and at most `max` characters: a longer value keeps its start and
 * ends with a hash of the whole value, so it stays distinct and the same value always
 * gives the same stored text.
 */
export function fitText(value: string, max: number): string {
  const clean = withoutNul(value);
  // No more UTF-16 units than `max`: no more characters either (most values end here).
  if (clean.length <= max) return clean;
  const chars = [...clean];
  if (chars.length <= max) return clean;
  const hash = createHash('sha256')
    .update(value)
    .digest('hex')
    .slice(0, HASH_LENGTH);
  return `${chars.slice(0, max - HASH_LENGTH - 1).join('')}~${hash}`;
}

/** As {@link fitText}, passing `null` and `undefined` through as `null`. */
export function fitNullable(
  value: string | null | undefined,
  max?: number,
): string | null {
  if (value === null || value === undefined) return null;
  return max === undefined ? withoutNul(value) : fitText(value, max);
}
