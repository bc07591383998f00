// Mongo ObjectId-like ids (24 hex) of the two Kore.ai APIs, in one of two modes:
// - 'arrival': 8 hex of arrival seconds, 10 hex of a per-seed "process" id, 6 hex counter. Ids grow
//   with arrival, so a late record has a newer id and an older time.
// - 'random': 24 hex drawn per record, with no order at all. "id > x" still compares the strings,
//   as a Mongo `_id > x` would.

import type { RecordStore } from './record-store.js';
import { Rng, mix } from './random.js';

export type IdMode = 'arrival' | 'random';

/** Records whose id is greater than a given id: an ordinal bound, or a test per record. */
export type IdsAfter = { ordLo: number } | { test: (ord: number) => boolean };

const hex8 = (word: number): string => word.toString(16).padStart(8, '0');

export class ObjectIds {
  readonly mode: IdMode;
  private readonly process: string;
  private readonly counterStart: number;
  private readonly randomSeed: number;
  private sortCache: { size: number; removed: number; ords: Int32Array } | undefined;

  constructor(seed: number, mode: IdMode = 'arrival') {
    this.mode = mode;
    const rng = new Rng(mix(seed, 0x0b1ec7));
    this.process = rng.hex(10);
    this.counterStart = rng.int(1 << 20);
    this.randomSeed = mix(seed, 0x7a4d0b);
  }

  id(arrivalMs: number, ord: number): string {
    if (this.mode === 'random') {
      return hex8(this.word(ord, 0)) + hex8(this.word(ord, 1)) + hex8(this.word(ord, 2));
    }
    const seconds = Math.max(0, Math.floor(arrivalMs / 1000));
    const counter = (this.counterStart + ord) % 0x1000000;
    return hex8(seconds) + this.process + counter.toString(16).padStart(6, '0');
  }

  /** Records with an id strictly greater than `id` (24 hex). */
  after(id: string, store: RecordStore): IdsAfter {
    const target = id.toLowerCase();
    if (this.mode === 'arrival') return { ordLo: this.firstOrdAfter(target, store) };
    const t = [0, 1, 2].map((k) => parseInt(target.slice(k * 8, k * 8 + 8), 16));
    return { test: (ord) => this.compareWords(ord, t) > 0 };
  }

  /** Live ordinals sorted by id, ascending (cached until records are added or purged). */
  sorted(store: RecordStore): Int32Array {
    const cache = this.sortCache;
    if (cache?.size === store.size && cache.removed === store.removed) return cache.ords;
    const ords = new Int32Array(store.live);
    let n = 0;
    for (let ord = 0; ord < store.size; ord++) if (store.isLive(ord)) ords[n++] = ord;
    if (this.mode === 'random') {
      const words = [0, 1, 2].map((k) => {
        const column = new Float64Array(store.size);
        for (const ord of ords) column[ord] = this.word(ord, k);
        return column;
      });
      ords.sort((a, b) => {
        for (const column of words) {
          const d = column[a]! - column[b]!;
          if (d !== 0) return d;
        }
        return a - b;
      });
    }
    this.sortCache = { size: store.size, removed: store.removed, ords };
    return ords;
  }

  /** Arrival ids grow with the ordinal: binary search over all ordinals, purged ones included. */
  private firstOrdAfter(target: string, store: RecordStore): number {
    let lo = 0;
    let hi = store.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.id(store.arrival(mid), mid) <= target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private word(ord: number, k: number): number {
    return mix(this.randomSeed + k, ord);
  }

  private compareWords(ord: number, target: readonly number[]): number {
    for (let k = 0; k < 3; k++) {
      const d = this.word(ord, k) - target[k]!;
      if (d !== 0) return d;
    }
    return 0;
  }
}
