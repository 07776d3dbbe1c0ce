import type { ExpiryBounds } from './dates';

/** Limits of the free-text fields, as the backend enforces them. */
export const MIN_TEXT_LENGTH = 10;
export const MAX_TEXT_LENGTH = 2000;

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Why a justification, statement or reason is not acceptable; undefined when it is. */
export function textError(value: string, what: string): string | undefined {
  const length = value.trim().length;
  if (length === 0) return `Enter a ${what}.`;
  if (length < MIN_TEXT_LENGTH) {
    return `The ${what} needs at least ${MIN_TEXT_LENGTH} characters (${length} so far).`;
  }
  if (length > MAX_TEXT_LENGTH) {
    return `The ${what} can have at most ${MAX_TEXT_LENGTH} characters (${length} now).`;
  }
  return undefined;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.hostname !== ''
    );
  } catch {
    return false;
  }
}

/** Why a link is not acceptable; an empty optional link is fine. */
export function urlError(
  value: string,
  options: { what: string; required: boolean },
): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) {
    return options.required ? `Enter the ${options.what}.` : undefined;
  }
  return isHttpUrl(trimmed)
    ? undefined
    : `The ${options.what} must be a full http:// or https:// address.`;
}

/** Why an expiry day is not acceptable, given the allowed range. */
export function expiryError(
  value: string,
  bounds: ExpiryBounds,
): string | undefined {
  if (!value) return 'Choose the day this decision expires.';
  if (!DAY_PATTERN.test(value) || Number.isNaN(Date.parse(value))) {
    return 'Enter the day as YYYY-MM-DD.';
  }
  if (value < bounds.min) return 'The expiry must be a day after today.';
  if (value > bounds.max) {
    return `The expiry can be at most ${bounds.maxDays} days from today (${bounds.max} at the latest).`;
  }
  return undefined;
}

/** True when no field has an error. */
export function isValid(errors: Record<string, string | undefined>): boolean {
  return Object.values(errors).every(e => e === undefined);
}
