import { Severity } from './types';

/** Ordinal rank of each severity: higher is worse. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
};

/**
 * Multiplier a severity applies to an item's priority (see docs/scoring.md).
 * `medium` is the neutral point; each step up or down moves priority by a
 * noticeable but bounded amount so that base impact still matters.
 */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = {
  critical: 2,
  high: 1.5,
  medium: 1,
  low: 0.6,
  info: 0.3,
};

export function isSeverity(value: unknown): value is Severity {
  return (
    typeof value === 'string' &&
    Object.prototype.hasOwnProperty.call(SEVERITY_RANK, value)
  );
}

/**
 * Comparator that sorts the worst severity first:
 * `['low', 'critical'].sort(compareSeverity)` gives `['critical', 'low']`.
 * Negative when `a` is worse than `b`.
 */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[b] - SEVERITY_RANK[a];
}

/** The worst severity of the list, or undefined for an empty list. */
export function worstSeverity(
  severities: Iterable<Severity>,
): Severity | undefined {
  let worst: Severity | undefined;
  for (const severity of severities) {
    if (worst === undefined || SEVERITY_RANK[severity] > SEVERITY_RANK[worst]) {
      worst = severity;
    }
  }
  return worst;
}
