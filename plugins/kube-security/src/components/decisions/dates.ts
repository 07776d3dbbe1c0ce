/**
 * Expiry days. The backend reads an expiry day as valid through its end in UTC and
 * counts the allowed maximum from today's UTC date, so the dialogs do the same.
 */

const DAY_MS = 24 * 3600 * 1000;

/** YYYY-MM-DD of a moment, in UTC. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The day `days` after a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/** Days offered by default when the maximum allows it. */
export const DEFAULT_EXPIRY_DAYS = 90;

export interface ExpiryBounds {
  /** Tomorrow: an expiry must leave the decision some time to matter. */
  min: string;
  /** Today plus the configured maximum. */
  max: string;
  maxDays: number;
  defaultValue: string;
}

export function expiryBounds(
  maxDays: number,
  now: number = Date.now(),
): ExpiryBounds {
  const today = utcDay(now);
  const days = Math.max(1, maxDays);
  return {
    min: addDays(today, 1),
    max: addDays(today, days),
    maxDays: days,
    defaultValue: addDays(today, Math.min(DEFAULT_EXPIRY_DAYS, days)),
  };
}

/** Calendar days from today until the day a decision expires (0 = expires today). */
export function daysUntil(expiresAt: string, now: number = Date.now()): number {
  const expiry = Date.parse(expiresAt);
  if (Number.isNaN(expiry)) return Number.NaN;
  return Math.round(
    (Date.parse(`${utcDay(expiry)}T00:00:00Z`) -
      Date.parse(`${utcDay(now)}T00:00:00Z`)) /
      DAY_MS,
  );
}

/** "expires today", "expires tomorrow", "expires in 12 days". */
export function expiresInText(
  expiresAt: string,
  now: number = Date.now(),
): string {
  const days = daysUntil(expiresAt, now);
  if (Number.isNaN(days)) return 'no valid expiry';
  if (days <= 0) return 'expires today';
  if (days === 1) return 'expires tomorrow';
  return `expires in ${days} days`;
}

/**
 * The day a decision is valid through, e.g. "Jan 31, 2030". Shown in UTC because an
 * expiry day ends at midnight UTC; local time would show the next day east of Greenwich.
 */
export function formatExpiryDay(expiresAt: string): string {
  const time = Date.parse(expiresAt);
  if (Number.isNaN(time)) return expiresAt;
  return new Date(time).toLocaleDateString('en', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  });
}
