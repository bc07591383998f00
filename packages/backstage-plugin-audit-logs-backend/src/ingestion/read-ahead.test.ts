import { describe, expect, it } from 'vitest';
import { readAhead, readAheadGrouped } from './ingester.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('readAhead', () => {
  it('reads the next batch while the consumer works on the current one, in order', async () => {
    const log: string[] = [];
    async function* source() {
      for (let i = 1; i <= 3; i++) {
        log.push(`read ${i}`);
        await tick();
        yield i;
      }
    }
    const seen: number[] = [];
    for await (const n of readAhead(source())) {
      log.push(`store ${n} start`);
      await tick();
      await tick();
      log.push(`store ${n} end`);
      seen.push(n);
    }
    expect(seen).toEqual([1, 2, 3]);
    // Batch 2 was being read before batch 1 was stored.
    expect(log.indexOf('read 2')).toBeLessThan(log.indexOf('store 1 end'));
  });

  it('surfaces a read error at that batch, after the earlier ones', async () => {
    async function* source() {
      yield 1;
      await tick();
      throw new Error('read failed');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of readAhead(source())) seen.push(n);
      })(),
    ).rejects.toThrow('read failed');
    expect(seen).toEqual([1]);
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 1; ; i++) {
          await tick();
          yield i;
        }
      } finally {
        closed = true;
      }
    }
    for await (const n of readAhead(source())) if (n === 2) break;
    expect(closed).toBe(true);
  });
});

describe('readAheadGrouped', () => {
  it('hands over every item read while the consumer worked, in order, as one group', async () => {
    async function* source() {
      for (let i = 1; i <= 10; i++) {
        await tick();
        yield i;
      }
    }
    const groups: number[][] = [];
    for await (const group of readAheadGrouped(source(), () => 1, 100)) {
      groups.push(group);
      for (let i = 0; i < 4; i++) await tick();
    }
    expect(groups.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The consumer was slower than the reads: later groups hold several items.
    expect(groups.length).toBeLessThan(10);
    expect(groups[0]).toEqual([1]);
  });

  it('reads no further ahead than the limit', async () => {
    let read = 0;
    async function* source() {
      for (let i = 1; i <= 50; i++) {
        read++;
        await Promise.resolve();
        yield i;
      }
    }
    const sizes: number[] = [];
    for await (const group of readAheadGrouped(source(), () => 1, 5)) {
      await tick();
      // At most the limit queued, plus the one in flight when the limit was reached.
      expect(read - sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(6 + group.length);
      sizes.push(group.length);
      expect(group.length).toBeLessThanOrEqual(6);
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(50);
  });

  it('surfaces a read error after the items read before it', async () => {
    async function* source() {
      yield 1;
      yield 2;
      await tick();
      throw new Error('read failed');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const group of readAheadGrouped(source(), () => 1, 100)) {
          await tick();
          seen.push(...group);
        }
      })(),
    ).rejects.toThrow('read failed');
    expect(seen).toEqual([1, 2]);
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 1; ; i++) {
          await tick();
          yield i;
        }
      } finally {
        closed = true;
      }
    }
    for await (const group of readAheadGrouped(source(), () => 1, 3)) if (group.includes(2)) break;
    expect(closed).toBe(true);
  });
});
