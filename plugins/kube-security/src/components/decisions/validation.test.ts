import { expiryBounds } from './dates';
import { expiryError, isHttpUrl, textError, urlError } from './validation';

describe('decision form validation', () => {
  it('asks for at least 10 and at most 2000 characters, ignoring outer spaces', () => {
    expect(textError('   ', 'justification')).toBe('Enter a justification.');
    expect(textError('  too short ', 'justification')).toBe(
      'The justification needs at least 10 characters (9 so far).',
    );
    expect(textError('long enough', 'justification')).toBeUndefined();
    expect(textError('x'.repeat(2001), 'statement')).toMatch(
      /at most 2000 characters/,
    );
  });

  it('takes only full http(s) links', () => {
    expect(isHttpUrl('https://jira.example.com/SEC-12')).toBe(true);
    expect(isHttpUrl('http://intranet/wiki')).toBe(true);
    expect(isHttpUrl('jira.example.com/SEC-12')).toBe(false);
    expect(isHttpUrl('ftp://files.example.com/x')).toBe(false);
    expect(isHttpUrl('mailto:security@example.com')).toBe(false);
  });

  it('lets an optional link be empty but not a required one', () => {
    expect(
      urlError('', { what: 'ticket link', required: false }),
    ).toBeUndefined();
    expect(urlError(' ', { what: 'evidence link', required: true })).toBe(
      'Enter the evidence link.',
    );
    expect(urlError('SEC-12', { what: 'ticket link', required: false })).toBe(
      'The ticket link must be a full http:// or https:// address.',
    );
  });

  it('keeps the expiry between tomorrow and the maximum', () => {
    const bounds = expiryBounds(180, Date.parse('2030-03-10T12:00:00Z'));
    expect(expiryError('', bounds)).toBe(
      'Choose the day this decision expires.',
    );
    expect(expiryError('2030-03-10', bounds)).toBe(
      'The expiry must be a day after today.',
    );
    expect(expiryError('2030-03-11', bounds)).toBeUndefined();
    expect(expiryError('2030-09-06', bounds)).toBeUndefined();
    expect(expiryError('2030-09-07', bounds)).toBe(
      'The expiry can be at most 180 days from today (2030-09-06 at the latest).',
    );
    expect(expiryError('10/03/2030', bounds)).toBe(
      'Enter the day as YYYY-MM-DD.',
    );
  });
});
