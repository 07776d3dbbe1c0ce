import type {
  ItemStatus,
  Severity,
} from '@kube-security/plugin-kube-security-common';

/** Words for item statuses: the chips never rely on colour alone. */
export const STATUS_LABELS: Readonly<Record<ItemStatus, string>> = {
  fail: 'Failing',
  partial: 'Partial',
  unknown: 'Unknown',
  pass: 'Passing',
  accepted: 'Accepted risk',
  attested: 'Attested',
  'not-applicable': 'Not applicable',
};

export const STATUS_DESCRIPTIONS: Readonly<Record<ItemStatus, string>> = {
  fail: 'At least one check failed.',
  partial: 'Only warnings were found, or part of the evidence is missing.',
  unknown: 'No evidence was available, so nothing could verify this item.',
  pass: 'Every check passed with full evidence.',
  accepted:
    'The team accepted the remaining risk until a set date; it is not counted as open, nor in the score.',
  attested:
    'No automated check can prove this; the team stated it is done and linked the evidence, until a set date.',
  'not-applicable': 'This practice does not apply here.',
};

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** "1 item", "3 items". */
export function pluralize(count: number, singular: string, plural?: string) {
  return `${count} ${count === 1 ? singular : plural ?? `${singular}s`}`;
}
