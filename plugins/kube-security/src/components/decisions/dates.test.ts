import {
  addDays,
  daysUntil,
  expiresInText,
  expiryBounds,
  formatExpiryDay,
} from './dates';

// 2030-03-10 at 22:30 UTC: late in the day, where local and UTC days part ways.
const NOW = Date.parse('2030-03-10T22:30:00Z');

describe('expiry dates', () => {
  it('offers tomorrow to today + the maximum, defaulting to 90 days', () => {
    expect(expiryBounds(180, NOW)).toEqual({
      min: '2030-03-11',
      max: '2030-09-06',
      maxDays: 180,
      defaultValue: '2030-06-08',
    });
  });

  it('defaults to the maximum when it is under 90 days', () => {
    expect(expiryBounds(30, NOW).defaultValue).toBe('2030-04-09');
    expect(expiryBounds(30, NOW).max).toBe('2030-04-09');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2030-12-31', 1)).toBe('2031-01-01');
    expect(addDays('2032-02-28', 1)).toBe('2032-02-29');
  });

  it('counts calendar days to the UTC day of the expiry', () => {
    expect(daysUntil('2030-03-10T23:59:59.999Z', NOW)).toBe(0);
    expect(daysUntil('2030-03-11T23:59:59.999Z', NOW)).toBe(1);
    expect(daysUntil('2030-04-09T23:59:59.999Z', NOW)).toBe(30);
    expect(expiresInText('2030-03-10T23:59:59.999Z', NOW)).toBe(
      'expires today',
    );
    expect(expiresInText('2030-03-11T23:59:59.999Z', NOW)).toBe(
      'expires tomorrow',
    );
    expect(expiresInText('2030-03-22T23:59:59.999Z', NOW)).toBe(
      'expires in 12 days',
    );
  });

  it('shows the day an expiry ends on, in UTC', () => {
    expect(formatExpiryDay('2030-01-31T23:59:59.999Z')).toBe('Jan 31, 2030');
  });
});
