/** How long a caller's catalog visibility is reused, and how many callers are kept. */
export interface VisibleRefsCacheOptions {
  /** Milliseconds an answer of the catalog is reused (default 10 s; 0 turns the cache off). */
  ttlMs?: number;
  /** Callers kept at most; the oldest answers go first (default 1,000). */
  maxEntries?: number;
  /** The clock, for tests. */
  now?: () => number;
}

export const DEFAULT_VISIBLE_REFS_TTL_MS = 10_000;
export const DEFAULT_VISIBLE_REFS_MAX_ENTRIES = 1_000;

/**
 * The entity refs (lower case) the catalog shows one caller, kept a few seconds so that a
 * page of the UI that calls several read routes asks the catalog once rather than once per
 * route. The key must name the caller (see `visibilityKey` in access.ts): an answer is only
 * ever given back for the same key. Concurrent requests of one caller share one catalog
 * call; a failed call is not kept.
 */
export class VisibleRefsCache {
  private readonly entries = new Map<
    string,
    { expiresAt: number; refs: Promise<ReadonlySet<string>> }
  >();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: VisibleRefsCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_VISIBLE_REFS_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_VISIBLE_REFS_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
    if (!(this.ttlMs >= 0) || !(this.maxEntries >= 1)) {
      throw new Error(
        `VisibleRefsCache needs ttlMs >= 0 and maxEntries >= 1, got ${this.ttlMs} and ${this.maxEntries}`,
      );
    }
  }

  /** The refs kept for `key` while fresh, else those `load` answers (then kept). */
  get(
    key: string,
    load: () => Promise<Iterable<string>>,
  ): Promise<ReadonlySet<string>> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.refs;
    this.entries.delete(key);
    const refs = load().then(
      loaded =>
        new Set(
          [...loaded].map(r => r.toLocaleLowerCase('en-US')),
        ) as ReadonlySet<string>,
    );
    if (this.ttlMs === 0) return refs;
    const entry = { expiresAt: now + this.ttlMs, refs };
    this.entries.set(key, entry);
    refs.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.evict(now);
    return refs;
  }

  /** How many callers are kept (expired ones included until the next insertion). */
  get size(): number {
    return this.entries.size;
  }

  private evict(now: number) {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
    // A Map iterates in insertion order: the first keys are the oldest answers.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
