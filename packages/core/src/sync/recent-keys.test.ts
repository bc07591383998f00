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
});
