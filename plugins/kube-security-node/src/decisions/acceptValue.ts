/** Shortest reason an exception may give: the same rule as exceptions made in Backstage. */
export const MIN_REASON_LENGTH = 10;
/** Longest reason an exception may give: the same rule as exceptions made in Backstage. */
export const MAX_REASON_LENGTH = 2000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What an accept annotation's value says, and what is wrong with it (nothing when valid). */
export interface AcceptValue {
  justification?: string;
  /** ISO 8601: the last millisecond of the date given (UTC), so the date itself is included. */
  expiresAt?: string;
  issues: string[];
}

function startOfUtcDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/** Midnight UTC of a YYYY-MM-DD date, or why the text is not one. */
function parseDay(text: string): number | string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) {
    return `the expiry "${text}" is not a date of the form YYYY-MM-DD (e.g. 2027-01-31)`;
  }
  const [year, month, day] = match.slice(1).map(Number);
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  // Date.UTC rolls 2026-02-30 over to March: a real day survives the round trip.
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  return real ? time : `the expiry "${text}" is not a day of the calendar`;
}

function checkExpiry(
  text: string,
  options: { now: Date; maxDays: number },
): { expiresAt?: string; issue?: string } {
  const day = parseDay(text);
  if (typeof day === 'string') return { issue: day };
  const daysAhead = Math.round((day - startOfUtcDay(options.now)) / DAY_MS);
  if (daysAhead < 0) {
    return {
      issue: `it expired: it was valid through ${text}; renew it with a later date or fix the finding`,
    };
  }
  if (daysAhead > options.maxDays) {
    return {
      issue: `the expiry ${text} is ${daysAhead} days away; the maximum is ${options.maxDays} days`,
    };
  }
  // Valid through the end of the named day, as an expiry picked in the UI.
  return { expiresAt: new Date(day + DAY_MS - 1).toISOString() };
}

function checkReason(reason: string): string | undefined {
  if (reason === '') {
    return `it gives no reason: write why the risk is accepted before "; expires=", in at least ${MIN_REASON_LENGTH} characters`;
  }
  if (reason.length < MIN_REASON_LENGTH) {
    return `the reason "${reason}" is too short: explain why the risk is accepted in at least ${MIN_REASON_LENGTH} characters`;
  }
  if (reason.length > MAX_REASON_LENGTH) {
    return `the reason is ${reason.length} characters long; the maximum is ${MAX_REASON_LENGTH}`;
  }
  return undefined;
}

/**
 * Reads `<reason>; expires=YYYY-MM-DD`. Spaces around the parts are ignored and `expires`
 * may be in any case; the reason is everything before the last `; expires=`, so it may
 * itself contain semicolons. The date is valid through its whole day (UTC).
 */
export function parseAcceptValue(
  value: unknown,
  options: { now: Date; maxDays: number },
): AcceptValue {
  if (typeof value !== 'string') {
    return {
      issues: [
        'its value is not text: write it as "<reason>; expires=YYYY-MM-DD"',
      ],
    };
  }
  const match = /^([\s\S]*);\s*expires\s*=\s*([\s\S]*)$/i.exec(value);
  if (!match) {
    return {
      issues: [
        'it has no expiry: write the value as "<reason>; expires=YYYY-MM-DD"',
      ],
    };
  }
  const justification = match[1].trim();
  const expiry = checkExpiry(match[2].trim(), options);
  const reasonIssue = checkReason(justification);
  const issues = [reasonIssue, expiry.issue].filter(
    (issue): issue is string => issue !== undefined,
  );
  if (issues.length > 0) return { issues };
  return { justification, expiresAt: expiry.expiresAt, issues };
}
