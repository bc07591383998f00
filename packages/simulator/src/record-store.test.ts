import { describe, expect, it } from 'vitest';
import { Rng } from './random.js';
import { RecordStore } from './record-store.js';
import type { StoreOrder, StoreRange } from './record-store.js';

/** Reference implementation: filter + sort the whole set. */
function brute(keys: number[], range: StoreRange, order: StoreOrder): number[] {
  const ords = keys
    .map((key, ord) => ({ key, ord }))
    .filter(
      ({ key, ord }) =>
        (range.ordLo === undefined || ord >= range.ordLo) &&
        (range.ordHi === undefined || ord < range.ordHi) &&
        (range.keyLo === undefined || key >= range.keyLo) &&
        (range.keyHi === undefined || key <= range.keyHi),
    );
  const sign = (d: 'asc' | 'desc') => (d === 'asc' ? 1 : -1);
  ords.sort((a, b) => {
    if (order.by === 'ord') return sign(order.dir) * (a.ord - b.ord);
    if (a.key !== b.key) return sign(order.dir) * (a.key - b.key);
    return sign(order.tieDir ?? order.dir) * (a.ord - b.ord);
  });
  return ords.map((o) => o.ord);
}

function build(rng: Rng, n: number, lateRatio: number) {
  const store = new RecordStore();
  const keys: number[] = [];
  let clock = 1000;
  for (let i = 0; i < n; i++) {
    clock += rng.int(3); // frequent equal keys
    const key = rng.chance(lateRatio) ? clock - rng.between(1, 60) : clock;
    keys.push(key);
    store.add(key, key);
  }
  return { store, keys };
}

describe('RecordStore', () => {
  it('matches a brute-force filter+sort for random ranges, orders and pages', () => {
    const rng = new Rng(42);
    for (const lateRatio of [0, 0.05, 0.3]) {
      const { store, keys } = build(rng, 600, lateRatio);
      if (lateRatio === 0) expect(store.chainCount).toBe(1);
      else expect(store.chainCount).toBeGreaterThan(1);
      for (let trial = 0; trial < 150; trial++) {
        const range: StoreRange = {};
        if (rng.chance(0.5)) range.ordLo = rng.int(700);
        if (rng.chance(0.3)) range.ordHi = rng.int(700);
        if (rng.chance(0.5)) range.keyLo = 1000 + rng.int(700);
        if (rng.chance(0.5)) range.keyHi = 1000 + rng.int(700);
        const order: StoreOrder = {
          by: rng.chance(0.5) ? 'key' : 'ord',
          dir: rng.chance(0.5) ? 'asc' : 'desc',
          tieDir: rng.chance(0.5) ? 'asc' : 'desc',
        };
        const expected = brute(keys, range, order);
        expect(store.count(range)).toBe(expected.length);
        const skip = rng.int(expected.length + 5);
        const take = rng.between(1, 80);
        expect(store.page(range, order, { skip, take })).toEqual(expected.slice(skip, skip + take));
        expect([...store.iterate(range, order)]).toEqual(expected);
      }
    }
  });

  it('finds exact keys', () => {
    const store = new RecordStore();
    for (const k of [5, 7, 7, 3, 9]) store.add(k, k);
    expect(store.hasKey(3)).toBe(true);
    expect(store.hasKey(7)).toBe(true);
    expect(store.hasKey(8)).toBe(false);
  });
});

describe('RecordStore purge', () => {
  it('removes the oldest live records by (key, ordinal); pages, counts and adds after it match brute force', () => {
    const rng = new Rng(7);
    for (const lateRatio of [0, 0.3]) {
      const { store, keys } = build(rng, 400, lateRatio);
      const gone = new Set<number>();
      for (let round = 0; round < 40; round++) {
        // Brute force: the k oldest live records by (key, ord).
        const k = rng.int(15);
        const expectedGone = keys
          .map((key, ord) => ({ key, ord }))
          .filter(({ ord }) => !gone.has(ord))
          .sort((a, b) => a.key - b.key || a.ord - b.ord)
          .slice(0, k)
          .map((r) => r.ord);
        expect(store.purge(k)).toEqual(expectedGone);
        for (const ord of expectedGone) gone.add(ord);
        expect(store.live).toBe(keys.length - gone.size);
        expect(store.removed).toBe(gone.size);
        // New records, late ones included, join after the purge.
        for (let i = 0; i < rng.int(6); i++) {
          const key = 1000 + rng.int(900);
          keys.push(key);
          store.add(key, key);
        }
        const range: StoreRange = {};
        if (rng.chance(0.5)) range.keyLo = 1000 + rng.int(900);
        if (rng.chance(0.5)) range.ordLo = rng.int(450);
        const order: StoreOrder = {
          by: rng.chance(0.5) ? 'key' : 'ord',
          dir: rng.chance(0.5) ? 'asc' : 'desc',
        };
        const expected = brute(keys, range, order).filter((ord) => !gone.has(ord));
        expect(store.count(range)).toBe(expected.length);
        const skip = rng.int(expected.length + 3);
        expect(store.page(range, order, { skip, take: 25 })).toEqual(
          expected.slice(skip, skip + 25),
        );
        for (let ord = 0; ord < keys.length; ord++) {
          expect(store.isLive(ord)).toBe(!gone.has(ord));
        }
      }
    }
  });

  it('purging more than is left empties the store', () => {
    const store = new RecordStore();
    for (const k of [3, 1, 2]) store.add(k, k);
    expect(store.purge(10)).toEqual([1, 2, 0]);
    expect(store.live).toBe(0);
    expect(store.count({})).toBe(0);
    expect(store.purge(1)).toEqual([]);
  });
});
