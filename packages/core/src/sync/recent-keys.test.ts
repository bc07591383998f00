import { describe, expect, it } from 'vitest';
import { RecentKeys } from './recent-keys.js';

describe('RecentKeys', () => {
  it('evicts the oldest key first, a re-added key counting as new', () => {
    const keys = new RecentKeys(3);
    keys.add('a', 1);
    keys.add('b', 2);
    keys.add('c', 3);
    keys.add('a', 4); // refreshed: now the newest
    keys.add('d', 5); // evicts b
    expect([keys.has('a'), keys.has('b'), keys.has('c'), keys.has('d')]).toEqual([
      true,
      false,
      true,
      true,
    ]);
    keys.add('e', 6); // evicts c
    keys.add('b', 7); // b again, after its eviction: evicts a
    expect(keys.keysSince(0, 0)).toEqual(['d', 'e', 'b']);
    expect(keys.size).toBe(3);
  });

  it('keeps exactly the most recent keys over a long run', () => {
    const keys = new RecentKeys(1000);
    for (let i = 0; i < 200_000; i++) {
      keys.add(`k${i}`, i);
      if (i % 7 === 0) keys.add(`k${i - 500}`, i); // re-reads inside the window refresh a key
    }
    expect(keys.size).toBe(1000);
    const kept = keys.keysSince(0, 0);
    expect(kept.at(-1)).toBe('k199999');
    expect(kept).not.toContain('k198000');
    expect(new Set(kept).size).toBe(1000);
  });

  it('adds a key only once with addIfNew, leaving a known key where it was', () => {
    const keys = new RecentKeys(2);
    expect(keys.addIfNew('a', 1)).toBe(true);
    expect(keys.addIfNew('b', 2)).toBe(true);
    expect(keys.addIfNew('a', 3)).toBe(false); // not refreshed: still the oldest
    expect(keys.addIfNew('c', 4)).toBe(true); // evicts a
    expect(keys.keysSince(0, 0)).toEqual(['b', 'c']);
  });

  it('tells apart keys that share a hash, through eviction and re-adding', () => {
    // These pairs share the 30-bit hash the set is indexed by.
    const pairs = [
      ['src:71782', 'src:516490'],
      ['src:71783', 'src:516491'],
    ] as const;
    const keys = new RecentKeys(3);
    expect(keys.addIfNew(pairs[0][0], 1)).toBe(true);
    expect(keys.has(pairs[0][1])).toBe(false);
    expect(keys.addIfNew(pairs[0][1], 2)).toBe(true);
    expect(keys.addIfNew(pairs[0][1], 3)).toBe(false);
    expect(keys.addIfNew(pairs[1][1], 4)).toBe(true);
    expect(keys.has(pairs[1][0])).toBe(false);
    keys.add(pairs[1][0], 5); // evicts pairs[0][0]; its partner stays known
    expect(keys.has(pairs[0][0])).toBe(false);
    expect(keys.has(pairs[0][1])).toBe(true);
    keys.add(pairs[0][0], 6); // back, while its partner is still held: evicts pairs[0][1]
    expect(keys.keysSince(0, 0)).toEqual([pairs[1][1], pairs[1][0], pairs[0][0]]);
    expect(keys.has(pairs[0][1])).toBe(false);
  });

  // A capacity of 5 keeps its probe table at 16 places: runs wrap around and deletions shift.
  it.each([2_000, 5])(
    'answers as a plain ordered map would, over a long run of random operations (capacity %i)',
    (capacity) => {
      // The reference: every key in a Map in insertion order, the oldest dropped past capacity.
      const model = new Map<string, number>();
      const keys = new RecentKeys(capacity);
      let seed = 7;
      const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
      let next = 0;
      for (let step = 0; step < 300_000; step++) {
        const roll = random();
        // Mostly new keys; some known ones (recent or old), re-added or only asked for.
        const key =
          roll < 0.6
            ? `k${next++}`
            : `k${Math.max(0, next - 1 - Math.floor(random() * capacity * 1.5))}`;
        const op = random();
        if (op < 0.5) {
          const fresh = !model.has(key);
          if (fresh) model.set(key, step);
          expect(keys.addIfNew(key, step)).toBe(fresh);
        } else if (op < 0.8) {
          model.delete(key);
          model.set(key, step);
          keys.add(key, step);
        } else {
          expect(keys.has(key)).toBe(model.has(key));
        }
        if (model.size > capacity) model.delete(model.keys().next().value!);
        expect(keys.size).toBe(model.size);
      }
      expect(keys.keysSince(0, 0)).toEqual([...model.keys()]);
      const since = 299_000;
      expect(keys.keysSince(since, 10)).toEqual(
        [...model].filter(([, time], i) => time >= since || i >= model.size - 10).map(([k]) => k),
      );
    },
  );
});
