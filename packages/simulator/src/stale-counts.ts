// Counts a server caches per query: computed at a query's first request, then returned unchanged
// while records are appended or purged. Bounded: the least recently used query is forgotten.

export class StaleCounts {
  private readonly cache = new Map<string, number>();
  private readonly limit: number;

  constructor(limit = 512) {
    this.limit = limit;
  }

  /** `compute()` on the first request of `key` (and after eviction); the cached count after. */
  get(key: string, compute: () => number): number {
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      // Re-insert so the Map's insertion order is the recency order.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const count = compute();
    this.cache.set(key, count);
    if (this.cache.size > this.limit) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return count;
  }

  get size(): number {
    return this.cache.size;
  }
}
