// Compact, ordered storage of records by (time key, insertion ordinal).
//
// Every record has an ordinal (insertion order, 0..n-1: ids are derived from it, so ids grow with
// it) and an integer time key (ms, or 100 ns ticks). Records are kept in a few "chains", each
// sorted by key AND by ordinal at once. In-order arrivals all extend the first chain; late
// (out-of-order) arrivals start or extend another one. A query keeps a contiguous window of every
// chain (binary search on keys and ordinals), and pages are cut by selecting across those windows,
// so a page costs O(chains * log^2 n + page), independent of the data size.
//
// Purge (retention) removes the oldest records by (key, ordinal). Records only ever join a chain at
// its end, so the oldest records of the whole store are a prefix of every chain: a purge moves each
// chain's live start forward and windows begin there. Ordinals (and so ids) never change.

import { float64Column, int32Column, uint8Column } from './growable.js';
import type { Column } from './growable.js';

export interface StoreRange {
  /** Inclusive. */
  ordLo?: number;
  /** Exclusive. */
  ordHi?: number;
  /** Inclusive. */
  keyLo?: number;
  /** Inclusive. */
  keyHi?: number;
}

export type Direction = 'asc' | 'desc';

export interface StoreOrder {
  /** Sort by time key (ties by ordinal) or by ordinal alone. */
  by: 'key' | 'ord';
  dir: Direction;
  /** Order of equal keys by ordinal; default the same as dir. */
  tieDir?: Direction;
}

interface Chain {
  ords: Column<Int32Array>;
  keys: Column<Float64Array>;
  /** Index of the first live (not purged) entry. */
  live: number;
}

type Sorted = Float64Array | Int32Array;

interface Window {
  primary: Sorted;
  ords: Int32Array;
  start: number;
  end: number;
}

function lowerBound(arr: Sorted, bounds: { start: number; end: number }, value: number): number {
  let lo = bounds.start;
  let hi = bounds.end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(arr: Sorted, bounds: { start: number; end: number }, value: number): number {
  let lo = bounds.start;
  let hi = bounds.end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class RecordStore {
  readonly keys: Column<Float64Array>;
  readonly arrivals: Column<Float64Array>;
  private readonly chains: Chain[] = [];
  /** 1 for every purged ordinal. */
  private readonly purged: Column<Uint8Array>;
  private purgedCount = 0;

  constructor(capacity = 16) {
    this.keys = float64Column(capacity);
    this.arrivals = float64Column(capacity);
    this.purged = uint8Column(capacity);
    this.chains.push({ ords: int32Column(capacity), keys: float64Column(capacity), live: 0 });
  }

  /** Ordinals ever added (purged ones included): the next ordinal. */
  get size(): number {
    return this.keys.length;
  }

  /** Records still present. */
  get live(): number {
    return this.keys.length - this.purgedCount;
  }

  /** Records purged so far (changes whenever the live set shrinks). */
  get removed(): number {
    return this.purgedCount;
  }

  isLive(ord: number): boolean {
    return ord >= 0 && ord < this.keys.length && this.purged.get(ord) === 0;
  }

  /** True if the live record `ord` lies in `range`. */
  contains(ord: number, range: StoreRange): boolean {
    if (!this.isLive(ord)) return false;
    if (range.ordLo !== undefined && ord < range.ordLo) return false;
    if (range.ordHi !== undefined && ord >= range.ordHi) return false;
    const key = this.keys.get(ord);
    if (range.keyLo !== undefined && key < range.keyLo) return false;
    if (range.keyHi !== undefined && key > range.keyHi) return false;
    return true;
  }

  /** Removes the `count` oldest live records (by key, then ordinal); returns their ordinals. */
  purge(count: number): number[] {
    const out: number[] = [];
    while (out.length < count) {
      let best: Chain | undefined;
      for (const chain of this.chains) {
        if (chain.live >= chain.ords.length) continue;
        if (
          best === undefined ||
          chain.keys.get(chain.live) < best.keys.get(best.live) ||
          (chain.keys.get(chain.live) === best.keys.get(best.live) &&
            chain.ords.get(chain.live) < best.ords.get(best.live))
        ) {
          best = chain;
        }
      }
      if (best === undefined) break;
      const ord = best.ords.get(best.live++);
      this.purged.set(ord, 1);
      this.purgedCount++;
      out.push(ord);
    }
    return out;
  }

  /** Number of chains: 1 while every record arrived in time order. */
  get chainCount(): number {
    return this.chains.length;
  }

  key(ord: number): number {
    return this.keys.get(ord);
  }

  arrival(ord: number): number {
    return this.arrivals.get(ord);
  }

  /** Adds a record with an integer time key; returns its ordinal. */
  add(key: number, arrival: number): number {
    const ord = this.keys.length;
    this.keys.push(key);
    this.arrivals.push(arrival);
    this.purged.push(0);
    let best: Chain | undefined;
    let bestLast = -Infinity;
    for (const chain of this.chains) {
      const n = chain.keys.length;
      const last = n === 0 ? -Infinity : chain.keys.get(n - 1);
      if (last <= key && (best === undefined || last > bestLast)) {
        best = chain;
        bestLast = last;
      }
    }
    if (best === undefined) {
      best = { ords: int32Column(), keys: float64Column(), live: 0 };
      this.chains.push(best);
    }
    best.ords.push(ord);
    best.keys.push(key);
    return ord;
  }

  /** True if a record (purged or not) with exactly this key exists: keys stay unique. */
  hasKey(key: number): boolean {
    for (const chain of this.chains) {
      const bounds = { start: 0, end: chain.keys.length };
      const i = lowerBound(chain.keys.data, bounds, key);
      if (i < bounds.end && chain.keys.get(i) === key) return true;
    }
    return false;
  }

  count(range: StoreRange): number {
    let total = 0;
    for (const w of this.windows(range, 'ord')) total += w.end - w.start;
    return total;
  }

  page(range: StoreRange, order: StoreOrder, page: { skip: number; take: number }): number[] {
    const out: number[] = [];
    if (page.take <= 0) return out;
    for (const ord of this.iterate(range, order, page.skip)) {
      out.push(ord);
      if (out.length >= page.take) break;
    }
    return out;
  }

  /** Ordinals in `range`, in `order`, from position `skip` on. */
  *iterate(range: StoreRange, order: StoreOrder, skip = 0): Generator<number> {
    const windows = this.windows(range, order.by).filter((w) => w.end > w.start);
    let total = 0;
    for (const w of windows) total += w.end - w.start;
    if (skip >= total) return;
    const tieDir = order.by === 'ord' ? order.dir : (order.tieDir ?? order.dir);
    const only = windows[0];
    if (windows.length === 1 && only !== undefined && tieDir === order.dir) {
      if (order.dir === 'asc') {
        for (let i = only.start + skip; i < only.end; i++) yield only.ords[i]!;
      } else {
        for (let i = only.end - 1 - skip; i >= only.start; i--) yield only.ords[i]!;
      }
      return;
    }
    yield* this.iterateGroups(windows, { dir: order.dir, tieDir }, skip);
  }

  private *iterateGroups(
    windows: Window[],
    order: { dir: Direction; tieDir: Direction },
    skip: number,
  ): Generator<number> {
    const asc = order.dir === 'asc';
    // Select the group (primary value) holding position `skip`.
    let lo = Infinity;
    let hi = -Infinity;
    for (const w of windows) {
      lo = Math.min(lo, w.primary[w.start]!);
      hi = Math.max(hi, w.primary[w.end - 1]!);
    }
    const countBefore = (value: number, inclusive: boolean): number => {
      // asc: records with primary < value (or <=); desc: records with primary > value (or >=).
      let n = 0;
      for (const w of windows) {
        if (asc) n += (inclusive ? upperBound : lowerBound)(w.primary, w, value) - w.start;
        else n += w.end - (inclusive ? lowerBound : upperBound)(w.primary, w, value);
      }
      return n;
    };
    if (asc) {
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (countBefore(mid, true) > skip) hi = mid;
        else lo = mid + 1;
      }
    } else {
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (countBefore(mid, true) > skip) lo = mid;
        else hi = mid - 1;
      }
    }
    let group = lo;
    let offset = skip - countBefore(group, false);
    // Cursors: asc walks up from the group's first index, desc walks down from its last.
    const cursors = windows.map((w) =>
      asc ? lowerBound(w.primary, w, group) : upperBound(w.primary, w, group) - 1,
    );
    for (;;) {
      const segments: Array<{ w: Window; a: number; b: number }> = [];
      windows.forEach((w, c) => {
        const pos = cursors[c]!;
        if (pos < w.start || pos >= w.end || w.primary[pos] !== group) return;
        if (asc) {
          const b = upperBound(w.primary, { start: pos, end: w.end }, group);
          segments.push({ w, a: pos, b });
          cursors[c] = b;
        } else {
          const a = lowerBound(w.primary, { start: w.start, end: pos + 1 }, group);
          segments.push({ w, a, b: pos + 1 });
          cursors[c] = a - 1;
        }
      });
      yield* mergeSegments(segments, order.tieDir, offset);
      offset = 0;
      // Next group value.
      let next = asc ? Infinity : -Infinity;
      windows.forEach((w, c) => {
        const pos = cursors[c]!;
        if (pos < w.start || pos >= w.end) return;
        const v = w.primary[pos]!;
        next = asc ? Math.min(next, v) : Math.max(next, v);
      });
      if (!Number.isFinite(next)) return;
      group = next;
    }
  }

  private windows(range: StoreRange, by: 'key' | 'ord'): Window[] {
    return this.chains.map((chain) => {
      const ords = chain.ords.data;
      const keys = chain.keys.data;
      const all = { start: chain.live, end: chain.ords.length };
      let start = chain.live;
      let end = all.end;
      if (range.ordLo !== undefined) start = Math.max(start, lowerBound(ords, all, range.ordLo));
      if (range.ordHi !== undefined) end = Math.min(end, lowerBound(ords, all, range.ordHi));
      if (range.keyLo !== undefined) start = Math.max(start, lowerBound(keys, all, range.keyLo));
      if (range.keyHi !== undefined) end = Math.min(end, upperBound(keys, all, range.keyHi));
      return { primary: by === 'key' ? keys : ords, ords, start, end: Math.max(start, end) };
    });
  }
}

/** Records of one group (equal primary value) from several chains, ordered by ordinal. */
function* mergeSegments(
  segments: Array<{ w: Window; a: number; b: number }>,
  tieDir: Direction,
  offset: number,
): Generator<number> {
  const only = segments[0];
  if (segments.length === 1 && only !== undefined) {
    const { w, a, b } = only;
    if (tieDir === 'asc') for (let i = a + offset; i < b; i++) yield w.ords[i]!;
    else for (let i = b - 1 - offset; i >= a; i--) yield w.ords[i]!;
    return;
  }
  const ords: number[] = [];
  for (const { w, a, b } of segments) for (let i = a; i < b; i++) ords.push(w.ords[i]!);
  ords.sort((x, y) => (tieDir === 'asc' ? x - y : y - x));
  for (let i = offset; i < ords.length; i++) yield ords[i]!;
}
