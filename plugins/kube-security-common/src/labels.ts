import type { ItemStatus, Severity } from './types';

/**
 * The one word for each item status, used alike by the Security tab, the
 * scorecard card, the PDFs and the CSV export.
 *
 * @public
 */
export const STATUS_LABELS: Readonly<Record<ItemStatus, string>> = {
  fail: 'Failing',
  partial: 'Partially done',
  unknown: 'Not verified',
  pass: 'Passing',
  accepted: 'Risk accepted',
  attested: 'Attested',
  'not-applicable': 'Not applicable',
};

/**
 * The word for each severity, in every view and export.
 *
 * @public
 */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};
