/**
 * Dedupe keys with the time of their event, bounded: keeps the most recent `capacity` keys, in
 * the order they were added (a key added again counts as new). Flat memory however long the run.
 *
 * Every event of a read passes through here, so the layout is chosen for speed. A Map keyed by
 * the key strings themselves cost 8-11% of a read's CPU: each lookup compared the key with
 * strings scattered over the heap (a cache miss apiece). Here the Map is keyed by a 30-bit hash of
 * the key (a small integer, compared in place) and points into a ring of the keys in insertion
 * order; a key whose hash another key holds goes to a small overflow Map by its text.
 */
export class RecentKeys {
  readonly #capacity: number;
  /** Largest ring: room for a key added again before the slot it leaves is reclaimed. */
  readonly #maxLength: number;
  /** The ring, oldest first from `#start`; `undefined` is a slot left by a key added again. */
  #keys: Array<string | undefined>;
  #times: Float64Array;
  #hashes: Int32Array;
  #start = 0;
  /** Slots in use from `#start`, free ones (left by re-added keys) included. */
  #used = 0;
  #size = 0;
  /** Ring slot of a key by its hash. */
  #byHash = new Map<number, number>();
  /** Ring slot of a key whose hash another key held when it was added. */
  #overflow = new Map<string, number>();

  constructor(capacity = 50_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be ≥ 1');
    this.#capacity = capacity;
    this.#maxLength = capacity * 2;
    const length = Math.min(this.#maxLength, 1024);
    this.#keys = new Array<string | undefined>(length);
    this.#times = new Float64Array(length);
    this.#hashes = new Int32Array(length);
  }

  has(key: string): boolean {
    return this.#slotOf(key, hashOf(key)) !== -1;
  }

  /** Adds a key, or moves a known one to the newest end with its new time. */
  add(key: string, time: number): void {
    const hash = hashOf(key);
    const slot = this.#slotOf(key, hash);
    if (slot !== -1) this.#remove(slot);
    this.#insert(key, hash, time);
  }

  /** Adds a key not seen yet and returns true; returns false (and changes nothing) for a known one. */
  addIfNew(key: string, time: number): boolean {
    const hash = hashOf(key);
    if (this.#slotOf(key, hash) !== -1) return false;
    this.#insert(key, hash, time);
    return true;
  }

  /** Keys worth keeping in a checkpoint: events at or after `since`, plus the last `minimum`. */
  keysSince(since: number, minimum: number): string[] {
    const tailStart = this.#size - minimum;
    const kept: string[] = [];
    let index = 0;
    for (let i = 0; i < this.#used; i++) {
      const slot = (this.#start + i) % this.#keys.length;
      const key = this.#keys[slot];
      if (key === undefined) continue;
      if (this.#times[slot]! >= since || index >= tailStart) kept.push(key);
      index++;
    }
    return kept;
  }

  get size(): number {
    return this.#size;
  }

  #slotOf(key: string, hash: number): number {
    const slot = this.#byHash.get(hash);
    if (slot !== undefined && this.#keys[slot] === key) return slot;
    if (this.#overflow.size === 0) return -1;
    return this.#overflow.get(key) ?? -1;
  }

  #insert(key: string, hash: number, time: number): void {
    if (this.#used === this.#keys.length) {
      this.#rebuild(Math.min(this.#maxLength, this.#keys.length * 2));
    }
    const slot = (this.#start + this.#used) % this.#keys.length;
    this.#keys[slot] = key;
    this.#times[slot] = time;
    this.#hashes[slot] = hash;
    this.#index(key, hash, slot);
    this.#used++;
    this.#size++;
    if (this.#size > this.#capacity) {
      while (this.#keys[this.#start] === undefined) this.#advance();
      this.#remove(this.#start);
    }
    while (this.#used > 0 && this.#keys[this.#start] === undefined) this.#advance();
  }

  #index(key: string, hash: number, slot: number): void {
    if (this.#byHash.has(hash)) this.#overflow.set(key, slot);
    else this.#byHash.set(hash, slot);
  }

  #remove(slot: number): void {
    const key = this.#keys[slot]!;
    const hash = this.#hashes[slot]!;
    if (this.#byHash.get(hash) === slot) this.#byHash.delete(hash);
    else this.#overflow.delete(key);
    this.#keys[slot] = undefined;
    this.#size--;
  }

  #advance(): void {
    this.#start = (this.#start + 1) % this.#keys.length;
    this.#used--;
  }

  /** Lays the live keys out from slot 0 in a ring of `length` (free slots reclaimed). */
  #rebuild(length: number): void {
    const keys = new Array<string | undefined>(length);
    const times = new Float64Array(length);
    const hashes = new Int32Array(length);
    this.#byHash = new Map();
    this.#overflow = new Map();
    let next = 0;
    for (let i = 0; i < this.#used; i++) {
      const slot = (this.#start + i) % this.#keys.length;
      const key = this.#keys[slot];
      if (key === undefined) continue;
      keys[next] = key;
      times[next] = this.#times[slot]!;
      hashes[next] = this.#hashes[slot]!;
      this.#index(key, hashes[next]!, next);
      next++;
    }
    this.#keys = keys;
    this.#times = times;
    this.#hashes = hashes;
    this.#start = 0;
    this.#used = next;
  }
}

/** FNV-1a over the UTF-16 code units, cut to 30 bits so that V8 keeps it as a small integer. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return hash & 0x3fffffff;
}
