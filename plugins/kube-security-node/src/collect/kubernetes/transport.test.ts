import {
  DEFAULT_REQUEST_OPTIONS,
  parseRetryAfter,
  resolveRequestOptions,
  statusMessage,
} from './transport';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    ['Wed, 01 Jan 2025 00:00:10 GMT', 10_000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
    [undefined, undefined],
    ['soon', undefined],
  ])('%p -> %p', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('statusMessage', () => {
  it('reads the message of a Status body only', () => {
    expect(
      statusMessage('{"kind":"Status","message":"pods is forbidden"}'),
    ).toBe('pods is forbidden');
    expect(statusMessage('{"kind":"PodList","message":"x"}')).toBeUndefined();
    expect(statusMessage('<html>bad gateway</html>')).toBeUndefined();
  });
});

describe('resolveRequestOptions', () => {
  it('fills defaults and ignores nonsense', () => {
    expect(resolveRequestOptions()).toEqual(DEFAULT_REQUEST_OPTIONS);
    expect(
      resolveRequestOptions({
        pageSize: 0,
        requestTimeoutMs: NaN,
        scanTimeoutMs: 1000,
        retry: { attempts: 1, initialDelayMs: 0 },
      }),
    ).toEqual({
      pageSize: 500,
      requestTimeoutMs: 30_000,
      scanTimeoutMs: 1000,
      retry: { attempts: 1, initialDelayMs: 0, maxDelayMs: 10_000 },
    });
  });
});
