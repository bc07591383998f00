import { describe, expect, it } from 'vitest';
import { StaleCounts } from './stale-counts.js';

describe('StaleCounts', () => {
  it('computes once per key, then returns the cached count', () => {
    const counts = new StaleCounts();
    let live = 10;
    expect(counts.get('a', () => live)).toBe(10);
    live = 20;
    expect(counts.get('a', () => live)).toBe(10);
    expect(counts.get('b', () => live)).toBe(20);
  });

  it('is bounded: the least recently used key is forgotten (and computed afresh)', () => {
    const counts = new StaleCounts(2);
    counts.get('a', () => 1);
    counts.get('b', () => 2);
    counts.get('a', () => 99); // a is now the most recent
    counts.get('c', () => 3); // evicts b
    expect(counts.size).toBe(2);
    expect(counts.get('a', () => 99)).toBe(1);
    expect(counts.get('b', () => 42)).toBe(42);
  });
});
