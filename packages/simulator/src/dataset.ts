// Shared machinery of the vendor datasets: time keys, generation, append, purge, ground truth.

import { msLowerBound, msUpperBound, toInstant } from './iso-time.js';
import type { Instant } from './iso-time.js';
import { Rng, mix } from './random.js';
import { RecordStore } from './record-store.js';
import type { StoreRange } from './record-store.js';
import type { GroundTruthQuery, SimulatedVendorId } from './types.js';

/** How a vendor's record time maps onto the store's integer keys. */
export interface TimeScale {
  key(instant: Instant): number;
  ms(key: number): number;
  sub(key: number): number;
  /** Lowest key at/after (exclusive: strictly after) the instant. */
  lower(instant: Instant, exclusive: boolean): number;
  /** Highest key at/before (inclusive) or strictly before the instant. */
  upper(instant: Instant, inclusive: boolean): number;
}

/** Keys are whole milliseconds. */
export const MS_SCALE: TimeScale = {
  key: (i) => i.ms,
  ms: (k) => k,
  sub: () => 0,
  lower: msLowerBound,
  upper: msUpperBound,
};

/** Keys are 100 ns ticks since `base` (ms): exact to .NET's 7 fraction digits. */
export function tickScale(base: number): TimeScale {
  const key = (i: Instant): number => (i.ms - base) * 10_000 + i.sub;
  return {
    key,
    ms: (k) => base + Math.floor(k / 10_000),
    sub: (k) => k - Math.floor(k / 10_000) * 10_000,
    lower: (i, exclusive) => key(i) + (exclusive ? 1 : 0),
    upper: (i, inclusive) => key(i) - (inclusive ? 0 : 1),
  };
}

export interface SpanPlan {
  count: number;
  start: number;
  end: number;
}

export abstract class Dataset<W> {
  abstract readonly vendor: SimulatedVendorId;
  readonly store: RecordStore;
  readonly scale: TimeScale;
  protected readonly seed: number;
  /** Reused for the per-record attribute draws. */
  protected readonly attrRng = new Rng(0);
  /** Reused for the per-record detail draws at materialization. */
  protected readonly detailRng = new Rng(0);
  private lastArrival = -Infinity;

  protected constructor(seed: number, scale: TimeScale, capacity: number) {
    this.seed = seed;
    this.scale = scale;
    this.store = new RecordStore(capacity);
  }

  /** Draws and stores the compact attributes of record `ord` (called once, in ord order). */
  protected abstract addAttributes(rng: Rng, ord: number): void;

  /** The record exactly as the vendor's list endpoint returns it (a fresh object). */
  abstract record(ord: number): W;

  /** Vendor-specific ground-truth filters. */
  protected filterFor(_query: GroundTruthQuery): ((ord: number) => boolean) | undefined {
    return undefined;
  }

  /** Vendor-specific ordinal range (ids) for ground truth. */
  protected ordRangeFor(_query: GroundTruthQuery): Pick<StoreRange, 'ordLo' | 'ordHi'> {
    return {};
  }

  /** Seeds the detail RNG for record `ord` (same draws every time). */
  protected detailsOf(ord: number): Rng {
    return this.detailRng.reseed(mix(this.seed ^ 0x5bd1e995, ord));
  }

  /** Pre-generates `count` records spread over [start, end] (sorted, O(n)). */
  generate(plan: SpanPlan): void {
    const { count, start, end } = plan;
    if (count <= 0) return;
    const rng = new Rng(mix(this.seed, 0x7f4a7c15));
    // Sorted uniform times from normalized exponential spacings.
    const sums = new Float64Array(count + 1);
    let total = 0;
    for (let i = 0; i <= count; i++) {
      total += -Math.log(1 - rng.next());
      sums[i] = total;
    }
    const lo = this.scale.key({ ms: start, sub: 0 });
    const hi = this.scale.key({ ms: end, sub: 0 });
    const strict = this.scale !== MS_SCALE;
    let prev = -Infinity;
    for (let i = 0; i < count; i++) {
      let key = lo + Math.floor(((hi - lo) * sums[i]!) / total);
      if (strict && key <= prev) key = prev + 1;
      prev = key;
      const ms = this.scale.ms(key);
      this.add(key, ms);
    }
  }

  /** Appends `count` records with time `timeMs` arriving now; returns their ordinals. */
  appendAt(count: number, timeMs: number, nowMs: number): number[] {
    const ords: number[] = [];
    const arrival = Math.max(this.lastArrival, nowMs, Math.floor(timeMs));
    for (let i = 0; i < count; i++) {
      const ord = this.store.size;
      const sub = this.scale === MS_SCALE ? 0 : mix(this.seed ^ 0x1b873593, ord) % 10_000;
      let key = this.scale.key({ ms: Math.floor(timeMs), sub });
      if (this.scale !== MS_SCALE) while (this.store.hasKey(key)) key++;
      ords.push(this.add(key, arrival));
    }
    return ords;
  }

  /** Every record ever added, purged ones included, in ordinal (arrival) order. */
  everStored(): W[] {
    const out: W[] = [];
    for (let ord = 0; ord < this.store.size; ord++) out.push(this.record(ord));
    return out;
  }

  /** Removes the `count` oldest records (by time, then insertion), as retention does. */
  purge(count: number): number[] {
    return this.store.purge(count);
  }

  groundTruth(query: GroundTruthQuery = {}): W[] {
    const range: StoreRange = { ...this.ordRangeFor(query) };
    if (query.from !== undefined) range.keyLo = this.scale.lower(toInstant(query.from), false);
    if (query.to !== undefined) {
      range.keyHi = this.scale.upper(toInstant(query.to), query.toInclusive ?? true);
    }
    const filter = this.filterFor(query);
    const out: W[] = [];
    for (const ord of this.store.iterate(range, { by: 'key', dir: 'asc' })) {
      if (filter === undefined || filter(ord)) out.push(this.record(ord));
    }
    return out;
  }

  private add(key: number, arrival: number): number {
    const ord = this.store.add(key, arrival);
    this.lastArrival = Math.max(this.lastArrival, arrival);
    this.addAttributes(this.attrRng.reseed(mix(this.seed, ord)), ord);
    return ord;
  }
}
