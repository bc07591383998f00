// A query over a RecordStore: a range, an optional per-record test, and an order that is a store
// order (time key or ordinal) or a permutation of live ordinals (e.g. by random ids). Without a
// test and with a store order, pages keep the store's cost; otherwise records are scanned.

import type { Direction, RecordStore, StoreOrder, StoreRange } from './record-store.js';

export type SelectionOrder = StoreOrder | { perm: Int32Array; dir: Direction };

export interface Selection {
  range: StoreRange;
  test?: ((ord: number) => boolean) | undefined;
  order: SelectionOrder;
}

function* scanPerm(
  store: RecordStore,
  selection: Selection,
  order: { perm: Int32Array; dir: Direction },
): Generator<number> {
  const { perm, dir } = order;
  const { range, test } = selection;
  for (let i = 0; i < perm.length; i++) {
    const ord = perm[dir === 'asc' ? i : perm.length - 1 - i]!;
    if (store.contains(ord, range) && (test === undefined || test(ord))) yield ord;
  }
}

/** Selected ordinals in order, from position `skip` on. */
export function* iterateSelection(
  store: RecordStore,
  selection: Selection,
  skip = 0,
): Generator<number> {
  const { order, test } = selection;
  if ('perm' in order) {
    let seen = 0;
    for (const ord of scanPerm(store, selection, order)) if (seen++ >= skip) yield ord;
    return;
  }
  if (test === undefined) {
    yield* store.iterate(selection.range, order, skip);
    return;
  }
  let seen = 0;
  for (const ord of store.iterate(selection.range, order)) {
    if (test(ord) && seen++ >= skip) yield ord;
  }
}

export function pageSelection(
  store: RecordStore,
  selection: Selection,
  page: { skip: number; take: number },
): number[] {
  const out: number[] = [];
  if (page.take <= 0) return out;
  for (const ord of iterateSelection(store, selection, page.skip)) {
    out.push(ord);
    if (out.length >= page.take) break;
  }
  return out;
}

export function countSelection(store: RecordStore, selection: Selection): number {
  const { test } = selection;
  if (test === undefined) return store.count(selection.range);
  let n = 0;
  for (const ord of store.iterate(selection.range, { by: 'ord', dir: 'asc' })) if (test(ord)) n++;
  return n;
}
