import { VisibleRefsCache } from './visibleRefsCache';

describe('VisibleRefsCache', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000;
  });

  it('answers a key from the first load while it is fresh, lower-cased', async () => {
    const cache = new VisibleRefsCache({ ttlMs: 5_000, now });
    const load = jest.fn(async () => ['Component:default/A']);
    expect([...(await cache.get('alice', load))]).toEqual([
      'component:default/a',
    ]);
    clock += 4_999;
    await cache.get('alice', load);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('never answers one key with what was loaded for another', async () => {
    const cache = new VisibleRefsCache({ ttlMs: 5_000, now });
    const alice = await cache.get('alice', async () => ['component:default/a']);
    const bob = await cache.get('bob', async () => ['component:default/b']);
    expect([...alice]).toEqual(['component:default/a']);
    expect([...bob]).toEqual(['component:default/b']);
    expect([...(await cache.get('alice', async () => []))]).toEqual([
      'component:default/a',
    ]);
  });

  it('loads again once the answer is as old as the TTL', async () => {
    const cache = new VisibleRefsCache({ ttlMs: 5_000, now });
    await cache.get('alice', async () => ['component:default/a']);
    clock += 5_000;
    const again = await cache.get('alice', async () => ['component:default/z']);
    expect([...again]).toEqual(['component:default/z']);
  });

  it('shares one load between concurrent requests of a key', async () => {
    const cache = new VisibleRefsCache({ ttlMs: 5_000, now });
    let release: (refs: string[]) => void = () => {};
    const load = jest.fn(
      () =>
        new Promise<string[]>(resolve => {
          release = resolve;
        }),
    );
    const first = cache.get('alice', load);
    const second = cache.get('alice', load);
    release(['component:default/a']);
    expect(await first).toBe(await second);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps no failed load', async () => {
    const cache = new VisibleRefsCache({ ttlMs: 5_000, now });
    await expect(
      cache.get('alice', async () => {
        throw new Error('catalog down');
      }),
    ).rejects.toThrow('catalog down');
    const refs = await cache.get('alice', async () => ['component:default/a']);
    expect([...refs]).toEqual(['component:default/a']);
  });

  it('keeps at most maxEntries callers, dropping the oldest', async () => {
    const cache = new VisibleRefsCache({ ttlMs: 5_000, maxEntries: 2, now });
    const load = jest.fn(async () => ['component:default/a']);
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('c', load);
    expect(cache.size).toBe(2);
    await cache.get('b', load);
    await cache.get('c', load);
    expect(load).toHaveBeenCalledTimes(3);
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('asks every time with a TTL of 0', async () => {
    const cache = new VisibleRefsCache({ ttlMs: 0, now });
    const load = jest.fn(async () => ['component:default/a']);
    await cache.get('alice', load);
    await cache.get('alice', load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(0);
  });

  it('refuses a negative TTL or no room', () => {
    expect(() => new VisibleRefsCache({ ttlMs: -1 })).toThrow(/ttlMs >= 0/);
    expect(() => new VisibleRefsCache({ maxEntries: 0 })).toThrow(
      /maxEntries >= 1/,
    );
  });
});
