/**
 * Dedupe keys with the time of their event, bounded: keeps every key at or after a cut-off time
 * plus the most recent `minimum` keys. Flat memory however long the run.
 */
export class RecentKeys {
  readonly #times = new Map<string, number>();
  readonly #capacity: number;
  /**
   * One long-lived iterator over the keys, oldest first. A fresh `keys()` for every eviction would
   * walk past every entry deleted so far at the front of the Map's table (V8 keeps them until it
   * rehashes), which made a long fetch quadratic: 200k events spent 14 s here. Everything before
   * this iterator has been evicted, so its next key is always the oldest one.
   */
  #oldest: Iterator<string> | undefined;

  constructor(capacity = 50_000) {
    this.#capacity = capacity;
  }

  has(key: string): boolean {
    return this.#times.has(key);
  }

  add(key: string, time: number): void {
    this.#times.delete(key);
    this.#insert(key, time);
  }

  /** Adds a key not seen yet and returns true; returns false (and changes nothing) for a known one. */
  addIfNew(key: string, time: number): boolean {
    if (this.#times.has(key)) return false;
    this.#insert(key, time);
    return true;
  }

  #insert(key: string, time: number): void {
    this.#times.set(key, time);
    if (this.#times.size > this.#capacity) {
      this.#oldest ??= this.#times.keys();
      const oldest = this.#oldest.next();
      if (!oldest.done) this.#times.delete(oldest.value);
    }
  }

  /** Keys worth keeping in a checkpoint: events at or after `since`, plus the last `minimum`. */
  keysSince(since: number, minimum: number): string[] {
    const entries = [...this.#times.entries()];
    const tailStart = Math.max(0, entries.length - minimum);
    return entries
      .filter(([, time], index) => time >= since || index >= tailStart)
      .map(([key]) => key);
  }

  get size(): number {
    return this.#times.size;
  }
}
