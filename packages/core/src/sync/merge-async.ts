/**
 * Interleaves several async iterables, taking whichever yields first. Each source advances only
 * when its previous value was consumed, so memory stays at one value per source.
 */
export async function* mergeAsync<T>(sources: Array<AsyncIterable<T>>): AsyncIterable<T> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<T> }>>();
  const next = (index: number) => {
    pending.set(
      index,
      iterators[index]!.next().then((result) => ({ index, result })),
    );
  };
  iterators.forEach((_, index) => next(index));
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race([...pending.values()]);
      if (result.done) {
        pending.delete(index);
        continue;
      }
      next(index);
      yield result.value;
    }
  } finally {
    const closing: Array<Promise<unknown>> = [];
    for (const index of pending.keys()) {
      const closed = iterators[index]!.return?.();
      if (closed) closing.push(closed);
    }
    await Promise.allSettled(closing);
  }
}
