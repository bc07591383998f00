import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.js';

/** A source that logs when each value is asked for and when it is closed. */
function pagesOf(count: number, log: string[], failAt?: number) {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (let page = 1; page <= count; page++) {
          log.push(`request ${page}`);
          await new Promise((resolve) => setTimeout(resolve, 1));
          if (page === failAt) throw new Error(`page ${page} failed`);
          yield page;
        }
      } finally {
        log.push('closed');
      }
    },
  };
}

describe('readAhead', () => {
  it('asks for the next page while the consumer still holds this one, in order', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const page of readAhead(pagesOf(3, log))) {
      log.push(`consume ${page}`);
      seen.push(page);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(log).toEqual([
      'request 1',
      'request 2',
      'consume 1',
      'request 3',
      'consume 2',
      // The look-ahead past the last page finds the end (and the source closes) meanwhile.
      'closed',
      'consume 3',
    ]);
  });

  it('does not ask ahead when told the consumer will not want more', async () => {
    const log: string[] = [];
    for await (const page of readAhead(pagesOf(3, log), (page) => page < 2)) {
      log.push(`consume ${page}`);
      if (page === 2) break;
    }
    expect(log).toEqual(['request 1', 'request 2', 'consume 1', 'consume 2', 'closed']);
  });

  it('delivers every page before a failure, then the failure', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    await expect(async () => {
      for await (const page of readAhead(pagesOf(5, log, 3))) seen.push(page);
    }).rejects.toThrow('page 3 failed');
    expect(seen).toEqual([1, 2]);
  });

  it('closes the source when the consumer stops early, even if the page ahead fails', async () => {
    const log: string[] = [];
    for await (const page of readAhead(pagesOf(5, log, 2))) {
      expect(page).toBe(1);
      break;
    }
    expect(log).toEqual(['request 1', 'request 2', 'closed']);
  });
});
