import {
  compareSeverity,
  isSeverity,
  SEVERITY_RANK,
  SEVERITY_WEIGHT,
  worstSeverity,
} from './severity';
import { SEVERITIES } from './types';

describe('severity', () => {
  it('ranks and weighs severities from critical down to info', () => {
    const ranks = SEVERITIES.map(s => SEVERITY_RANK[s]);
    const weights = SEVERITIES.map(s => SEVERITY_WEIGHT[s]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(new Set(ranks).size).toBe(SEVERITIES.length);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(new Set(weights).size).toBe(SEVERITIES.length);
    expect(SEVERITY_WEIGHT.medium).toBe(1);
  });

  it('sorts the worst severity first', () => {
    expect(
      (['low', 'critical', 'info', 'medium', 'high'] as const)
        .slice()
        .sort(compareSeverity),
    ).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    expect(compareSeverity('high', 'high')).toBe(0);
    expect(compareSeverity('critical', 'low')).toBeLessThan(0);
  });

  it('finds the worst severity of a list', () => {
    expect(worstSeverity(['low', 'high', 'medium'])).toBe('high');
    expect(worstSeverity(new Set(['info'] as const))).toBe('info');
    expect(worstSeverity([])).toBeUndefined();
  });

  it('recognises severity strings', () => {
    expect(isSeverity('critical')).toBe(true);
    expect(isSeverity('severe')).toBe(false);
    expect(isSeverity('toString')).toBe(false);
    expect(isSeverity(undefined)).toBe(false);
  });
});
