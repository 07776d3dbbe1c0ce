import type { ItemStatus } from '@kube-security/plugin-kube-security-common';

/** The shared words for statuses and severities, from the common package. */
export {
  STATUS_LABELS,
  SEVERITY_LABELS,
} from '@kube-security/plugin-kube-security-common';

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

/** "1 item", "3 items". */
export function pluralize(count: number, singular: string, plural?: string) {
  return `${count} ${count === 1 ? singular : plural ?? `${singular}s`}`;
}
