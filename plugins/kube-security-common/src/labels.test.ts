import { STATUS_LABELS, SEVERITY_LABELS } from './labels';
import { ITEM_STATUSES, SEVERITIES } from './types';

describe('labels', () => {
  it('names every status and severity with a distinct word', () => {
    const statusWords = ITEM_STATUSES.map(s => STATUS_LABELS[s]);
    expect(statusWords.every(w => w.length > 0)).toBe(true);
    expect(new Set(statusWords).size).toBe(ITEM_STATUSES.length);
    const severityWords = SEVERITIES.map(s => SEVERITY_LABELS[s]);
    expect(severityWords.every(w => w.length > 0)).toBe(true);
    expect(new Set(severityWords).size).toBe(SEVERITIES.length);
  });

  it('says what a partial or unverified item is in plain words', () => {
    expect(STATUS_LABELS.partial).toBe('Partially done');
    expect(STATUS_LABELS.unknown).toBe('Not verified');
  });
});
