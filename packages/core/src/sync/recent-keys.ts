/**
 * Dedupe keys with the time of their event, bounded: keeps the most recent `capacity` keys, in
 * the order they were added (a key added again counts as new). Flat memory however long the run.
 *
 * Every event of a read passes through here, so the layout is chosen for speed. A Map keyed by
 * the key strings themselves cost 8-11% of a read's CPU: each lookup compared the key with
 * strings scattered over the heap (a cache miss apiece), and a Map keyed by a hash of the key
 * still cost 5-8% (its entries live apart from the ring they point into). Here an open-addressing
 * table of ring slots, probed by a 30-bit hash of the key, sits in one typed array; a key's text is
 * compared only when its hash matches. The ring holds the keys in insertion order.
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
  /**
   * Ring slot + 1 of each key at the first free place from its hash (linear probing; 0 = free),
   * at least twice the ring's length so that probes stay short.
   */
  #table: Int32Array;
  #mask: number;

  constructor(capacity = 50_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be ≥ 1');
    this.#capacity = capacity;
    this.#maxLength = capacity * 2;
    const length = Math.min(this.#maxLength, 1024);
    this.#keys = new Array<string | undefined>(length);
    this.#times = new Float64Array(length);
    this.#hashes = new Int32Array(length);
    this.#table = tableFor(length);
    this.#mask = this.#table.length - 1;
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
    const table = this.#table;
    for (let i = hash & this.#mask; ; i = (i + 1) & this.#mask) {
      const entry = table[i]!;
      if (entry === 0) return -1;
      if (this.#hashes[entry - 1] === hash && this.#keys[entry - 1] === key) return entry - 1;
    }
  }

  #insert(key: string, hash: number, time: number): void {
    if (this.#used === this.#keys.length) {
      this.#rebuild(Math.min(this.#maxLength, this.#keys.length * 2));
    }
    const slot = (this.#start + this.#used) % this.#keys.length;
    this.#keys[slot] = key;
    this.#times[slot] = time;
    this.#hashes[slot] = hash;
    this.#index(hash, slot);
    this.#used++;
    this.#size++;
    if (this.#size > this.#capacity) {
      while (this.#keys[this.#start] === undefined) this.#advance();
      this.#remove(this.#start);
    }
    while (this.#used > 0 && this.#keys[this.#start] === undefined) this.#advance();
  }

  #index(hash: number, slot: number): void {
    const table = this.#table;
    let i = hash & this.#mask;
    while (table[i] !== 0) i = (i + 1) & this.#mask;
    table[i] = slot + 1;
  }

  #remove(slot: number): void {
    const table = this.#table;
    const mask = this.#mask;
    let hole = this.#hashes[slot]! & mask;
    while (table[hole] !== slot + 1) hole = (hole + 1) & mask;
    // Backward-shift deletion: pull later entries of the probe run into the hole when the place
    // their hash points to does not lie after the hole, so no lookup stops early at it.
    for (let next = (hole + 1) & mask; table[next] !== 0; next = (next + 1) & mask) {
      const home = this.#hashes[table[next]! - 1]! & mask;
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (stays) continue;
      table[hole] = table[next]!;
      hole = next;
    }
    table[hole] = 0;
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
    this.#table = tableFor(length);
    this.#mask = this.#table.length - 1;
    let next = 0;
    for (let i = 0; i < this.#used; i++) {
      const slot = (this.#start + i) % this.#keys.length;
      const key = this.#keys[slot];
      if (key === undefined) continue;
      keys[next] = key;
      times[next] = this.#times[slot]!;
      hashes[next] = this.#hashes[slot]!;
      next++;
    }
    this.#keys = keys;
    this.#times = times;
    this.#hashes = hashes;
    for (let slot = 0; slot < next; slot++) this.#index(hashes[slot]!, slot);
    this.#start = 0;
    this.#used = next;
  }
}

/** A probe table for a ring of `length`: a power of two, at least twice as long. */
function tableFor(length: number): Int32Array {
  return new Int32Array(2 ** Math.ceil(Math.log2(length * 2)));
}

/** FNV-1a over the UTF-16 code units, cut to 30 bits so that V8 keeps it as a small integer. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return hash & 0x3fffffff;
}
