import { describe, expect, it } from 'vitest';
import { readAhead } from './ingester.js';

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
