/**
 * Yields the values of `source`, asking for the next one as soon as the current one is handed
 * out (when `ahead(value)` says the consumer will want it): the next page's request is in flight
 * while the consumer works on this one. At most one value is held ahead; stopping early closes
 * the source after that value settles.
 */
export async function* readAhead<T>(
  source: AsyncIterable<T>,
  ahead: (value: T) => boolean = () => true,
): AsyncIterable<T> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined = iterator.next();
  let finished = false;
  try {
    for (;;) {
      const result: IteratorResult<T> = await pending;
      pending = undefined;
      if (result.done) {
        finished = true;
        return;
      }
      if (ahead(result.value)) {
        pending = iterator.next();
        // If the consumer stops before awaiting it, its failure must not go unhandled.
        pending.catch(() => undefined);
        yield result.value;
      } else {
        yield result.value;
        pending = iterator.next();
      }
    }
  } finally {
    if (!finished) {
      // Let the request ahead settle (its error is of no interest now), then close the source.
      if (pending) await pending.catch(() => undefined);
      await iterator.return?.();
    }
  }
}
