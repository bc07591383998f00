import { mergeAsync } from './merge-async.js';

type Tagged<T> = { index: number; done: false; value: T } | { index: number; done: true };

async function* tagged<T>(source: AsyncIterable<T>, index: number): AsyncIterable<Tagged<T>> {
  for await (const value of source) yield { index, done: false, value };
  yield { index, done: true };
}

/**
 * Every value of the first source, then of the second, and so on, while all sources are read at
 * once: a later source's values wait in memory until the ones before it have ended.
 */
export async function* concatAsync<T>(sources: Array<AsyncIterable<T>>): AsyncIterable<T> {
  const buffers: T[][] = sources.map(() => []);
  const done = sources.map(() => false);
  let current = 0;
  for await (const item of mergeAsync(sources.map((source, index) => tagged(source, index)))) {
    if (!item.done) {
      if (item.index === current) yield item.value;
      else buffers[item.index]!.push(item.value);
      continue;
    }
    done[item.index] = true;
    while (current < sources.length && done[current]) {
      current++;
      if (current < sources.length) {
        const waiting = buffers[current]!;
        buffers[current] = [];
        for (const value of waiting) yield value;
      }
    }
  }
}
