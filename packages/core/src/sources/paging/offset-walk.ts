import type { ReadEvidence } from '../../completeness/read-evidence.js';
import type { PageGuard } from './page-guard.js';

export type Direction = 'asc' | 'desc';

export interface OffsetPage<R> {
  records: R[];
  /** The vendor's count of everything the walk can reach, when it sends one. */
  total?: number | null;
}

export interface OffsetWalkOptions<R> {
  /** One request: `top` records from position `skip` of the server's order. */
  fetch: (skip: number, top: number) => Promise<OffsetPage<R>>;
  /** The order key of a record (a time in ms, or a numeric id). */
  key: (record: R) => number;
  /** Identifies a record exactly, to check that consecutive pages overlap. */
  identity: (record: R) => string;
  /** What the order key is called in messages (`createdOn`, `Id`). */
  keyName: string;
  /** The direction asked of the server; the walk follows the one it really uses. */
  requested: Direction;
  /** Inclusive key bounds of the records wanted; undefined = unbounded. */
  lo?: number;
  hi?: number;
  pageSize: number;
  evidence: ReadEvidence;
  guard: PageGuard;
  /** Shifted pages in a row, without progress, before the walk gives up. Default 50. */
  maxRelocations?: number;
}

/** Records delivered by the walk, each with its identity (`ids[i]` is `identity(records[i])`). */
export interface OffsetWalkStep<R> {
  records: R[];
  ids: string[];
  direction: Direction;
}

export interface OffsetWalkEnd {
  /** `end`: nothing after the last record; `bound`: the walk reached a record past the far bound. */
  reason: 'end' | 'bound';
  pages: number;
  relocations: number;
  direction: Direction;
}

/** What the record just before the next page must be (a record, with its identity). */
type Anchor<R> = { record: R; id: string } | { before: number } | undefined;

/** A page as received, with each record's identity computed once. */
interface IdentifiedPage<R> extends OffsetPage<R> {
  ids: string[];
  /** How many records the server sent, when `records` is only the part of them after the anchor. */
  received?: number;
}

/**
 * A 53-bit fingerprint of a page's identities (cyrb53). Past answers are remembered by it rather
 * than by their text: a page of 1,000 Platform Management records is ~0.5 MB of identities, and a
 * long walk remembers up to 1,000 answers. A collision only makes the walk ask a page again.
 */
function fingerprint(ids: string[]): string {
  let h1 = 0xdeadbeef ^ ids.length;
  let h2 = 0x41c6ce57 ^ ids.length;
  for (const id of ids) {
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ 10, 2654435761);
    h2 = Math.imul(h2 ^ 10, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${ids.length}:${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}

/** The records of `page` from `from` to `to` (exclusive) that pass `wanted`, with their identities. */
function keep<R>(
  page: { records: R[]; ids: string[] },
  from: number,
  to: number,
  wanted: (record: R) => boolean,
): { records: R[]; ids: string[] } {
  const records: R[] = [];
  const ids: string[] = [];
  for (let i = from; i < to; i++) {
    const record = page.records[i]!;
    if (!wanted(record)) continue;
    records.push(record);
    ids.push(page.ids[i]!);
  }
  return { records, ids };
}

/**
 * Walks a list the server sorts by a key, with offsets (`skip`/`top`), and shows it missed nothing.
 * The server's real direction is read from the records. The start is found by binary search
 * (probing outwards when the count is absent or stale). Every page starts with the record before
 * it — the last one delivered, or one before the wanted range — so a page shifted by records added
 * or removed mid-walk is seen, and the walk re-locates by key instead of skipping.
 */
export async function* offsetWalk<R>(
  options: OffsetWalkOptions<R>,
): AsyncGenerator<OffsetWalkStep<R>, OffsetWalkEnd> {
  const { fetch, key, identity, evidence, guard, keyName } = options;
  const maxRelocations = options.maxRelocations ?? 50;
  const top = Math.max(2, options.pageSize);
  let pages = 0;
  let relocations = 0;
  /** Shifts since the last page that moved the walk forward. */
  let stalled = 0;
  /** Identities of the last page delivered: a page served again is recognised by them. */
  let seen = new Set<string>();
  let largestPage = 0;
  /** Whether a page of one record, followed by more, was asked again from its anchor. */
  let capRechecked = false;
  let shortPage: number | undefined;

  // A server (or a cache before it) may answer with an earlier response; every check below
  // would take it for the real thing. An answer equal to one given to another request is asked
  // again before it is believed: a response served again for the wrong request gives way to the
  // real one. The same answer twice in a row is the list's own (as records are removed, its last
  // records come back for other offsets than before; asked until it changed, the walk never
  // caught up with a list that retention shortens every few requests).
  const answered = new Map<string, string>();
  const request = async (skip: number, count: number): Promise<IdentifiedPage<R>> => {
    const asked = `${skip}/${count}`;
    let previous: string | undefined;
    for (let attempt = 0; ; attempt++) {
      guard.count();
      pages++;
      const page = await fetch(skip, count);
      const ids = page.records.map(identity);
      const answer = fingerprint(ids);
      const before = answered.get(answer);
      const again = answer === previous;
      previous = answer;
      if (
        page.records.length > 0 &&
        before !== undefined &&
        before !== asked &&
        !again &&
        attempt < 8
      ) {
        evidence.saw(
          'records-shifted',
          'the server answered with a page it had sent for another request',
        );
        continue;
      }
      if (answered.size > 1000) answered.clear();
      answered.set(answer, asked);
      if (count === top) largestPage = Math.max(largestPage, page.records.length);
      return { ...page, ids };
    }
  };

  // The server's direction, from the first page. A full page of one instant (a burst of records
  // stamped alike) shows none, so the pages after it are read until one does; each page is read on
  // its own, never against another, since records arriving between two requests shift the list.
  // Assuming the order asked for would look for the range at the wrong end of the list.
  const orderWithin = (records: R[]): Direction | undefined => {
    for (let i = 1; i < records.length; i++) {
      const [a, b] = [key(records[i - 1]!), key(records[i]!)];
      if (a !== b) return b > a ? 'asc' : 'desc';
    }
    return undefined;
  };
  const first = await request(0, top);
  let seenOrder = orderWithin(first.records);
  // Each page after the first starts with the last record of the one before, so a boundary
  // between two instants falls inside a page.
  for (
    let from = first.records.length - 1, last = first;
    seenOrder === undefined && last.records.length >= Math.max(2, Math.min(top, largestPage));
    from += last.records.length - 1
  ) {
    last = await request(from, top);
    seenOrder = orderWithin(last.records);
  }
  const direction: Direction = seenOrder ?? options.requested;
  if (direction !== options.requested) {
    evidence.saw(
      'sort-ignored',
      `asked for ${options.requested === 'asc' ? 'oldest' : 'newest'} first, the server sends ${direction === 'asc' ? 'oldest' : 'newest'} first`,
    );
  }
  if (direction === 'desc') evidence.saw('sort-descending', 'the server pages newest first');

  const before = (a: number, b: number) => (direction === 'asc' ? a < b : a > b);
  const checkOrder = (records: R[], previous?: R) => {
    let last = previous === undefined ? undefined : key(previous);
    for (const record of records) {
      const current = key(record);
      if (last !== undefined && before(current, last)) {
        throw evidence.fail(
          `the server's order is neither ascending nor descending by ${keyName}, so its offsets cannot be followed`,
        );
      }
      last = current;
    }
  };
  checkOrder(first.records);

  // The near end of the wanted range (where the walk starts) and the far end (where it stops).
  const near = direction === 'asc' ? options.lo : options.hi;
  const far = direction === 'asc' ? options.hi : options.lo;
  const reaches = (record: R, target: number | undefined) =>
    target === undefined || !before(key(record), target);
  const pastFar = (record: R) => far !== undefined && before(far, key(record));

  /** The first position whose record reaches `target` (or the end of the list). */
  const locate = async (target: number | undefined, known?: IdentifiedPage<R>): Promise<number> => {
    if (target === undefined) return 0;
    const probe = async (position: number): Promise<boolean> => {
      const record = (await request(position, 1)).records[0];
      return record === undefined || reaches(record, target);
    };
    let low = 0;
    let high: number | undefined;
    if (known) {
      const index = known.records.findIndex((record) => reaches(record, target));
      if (index >= 0) return index;
      low = known.records.length;
      // The vendor's count bounds the search; absent or stale, probe outwards until past it.
      const total = known.total;
      if (typeof total === 'number' && total >= low && (await probe(total))) high = total;
    }
    if (high === undefined) {
      let step = Math.max(1, low);
      for (;;) {
        const candidate = low + step;
        if (await probe(candidate)) {
          high = candidate;
          break;
        }
        low = candidate + 1;
        step *= 2;
      }
    }
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (await probe(middle)) high = middle;
      else low = middle + 1;
    }
    return low;
  };

  let position = await locate(near, first);
  let anchor: Anchor<R> = position > 0 ? { before: near! } : undefined;
  let page: IdentifiedPage<R> | undefined = position === 0 ? first : undefined;
  for (;;) {
    if (!page) {
      page = await request(anchor ? position - 1 : position, top);
      if (anchor) {
        const { records, ids } = page;
        const anchorRecord: R | undefined = 'record' in anchor ? anchor.record : undefined;
        const anchorId = 'id' in anchor ? anchor.id : undefined;
        const found = records[0];
        const held: boolean =
          found !== undefined &&
          (anchorId !== undefined
            ? ids[0] === anchorId
            : !reaches(found, (anchor as { before: number }).before));
        // Records added before the anchor pushed it forward: it is further into this page, and
        // what comes before it here is either delivered already or newly arrived (kept).
        const pushed: number = !held && anchorId !== undefined ? ids.indexOf(anchorId) : -1;
        if (held) {
          page = { records: records.slice(1), ids: ids.slice(1) };
        } else if (pushed > 0) {
          evidence.saw(
            'records-shifted',
            `records were added or removed while paging; the walk followed them by ${keyName}`,
          );
          const late = keep(page, 0, pushed, (record) => reaches(record, near) && !pastFar(record));
          position += pushed;
          if (late.records.length > 0) yield { ...late, direction };
          page = { records: records.slice(pushed + 1), ids: ids.slice(pushed + 1) };
          // Nothing after the anchor in a page with room for more: the list ended at the anchor
          // when the server answered, as when the anchor comes back alone. Records still being
          // written before it would otherwise keep moving the walk's target (a busy tenant's late
          // records at the end of an ascending list); those after this answer are the next
          // sync's overlap, as for any read.
          if (page.records.length === 0 && records.length < largestPage) {
            return { reason: 'end', pages, relocations, direction };
          }
          // In a full page it shows only where the page ended, not the end of the list: ask again
          // from the anchor's new position. If all that came before it was seen already, this was
          // an old page served again, which shows nothing either.
          if (page.records.length === 0) {
            const repeated = ids.slice(0, pushed).every((id) => seen.has(id));
            if (repeated && ++stalled > maxRelocations) {
              throw evidence.fail(
                `the server kept answering with a page already read (${maxRelocations} times in a row)`,
              );
            }
            page = undefined;
            continue;
          }
        } else {
          // Records removed before the anchor pulled it back: look for it one page earlier.
          if (anchorId !== undefined && position > 1) {
            const from = Math.max(0, position - 1 - (top - 1));
            const earlier = await request(from, top);
            const at = earlier.ids.indexOf(anchorId);
            if (at >= 0) {
              if (++stalled > maxRelocations) {
                throw evidence.fail(
                  `records kept shifting under the offsets (${maxRelocations} times in a row without progress)`,
                );
              }
              evidence.saw(
                'records-shifted',
                `records were added or removed while paging; the walk followed them by ${keyName}`,
              );
              // Resume right after the anchor where it now stands. What follows it in this answer
              // is the next page: asked for again, a removal before that request would pull the
              // anchor back once more (retention removing a record every few requests kept a walk
              // from ever moving on). With nothing after it, the next page is asked from it.
              position = from + at + 1;
              if (at + 1 < earlier.records.length) {
                page = {
                  records: earlier.records.slice(at + 1),
                  ids: earlier.ids.slice(at + 1),
                  received: earlier.records.length,
                };
              } else if (earlier.records.length < largestPage) {
                // The anchor ends an answer with room for more: the list ended there when the
                // server answered (as when the anchor comes back alone).
                return { reason: 'end', pages, relocations, direction };
              } else page = undefined;
              continue;
            }
          }
          relocations++;
          if (++stalled > maxRelocations) {
            throw evidence.fail(
              `records kept shifting under the offsets (${maxRelocations} times in a row without progress)`,
            );
          }
          evidence.saw(
            'records-shifted',
            `records were added or removed while paging; the walk followed them by ${keyName}`,
          );
          // Back to the first record at or past the last one delivered (repeats are dropped).
          const target: number =
            anchorRecord !== undefined ? key(anchorRecord) : (anchor as { before: number }).before;
          position = await locate(target);
          anchor = position > 0 ? { before: target } : undefined;
          page = undefined;
          continue;
        }
      }
    }
    const { records, ids } = page;
    // What the server sent for the request this page came from (a page read past its anchor, or
    // the rest of an answer past a re-located anchor), for the page-size check below.
    const received = page.received ?? records.length + (anchor ? 1 : 0);
    page = undefined;
    checkOrder(records, anchor && 'record' in anchor ? anchor.record : undefined);
    if (records.length === 0) {
      // Only the anchor came back. With pages of one record that may be a cap, not the end; or
      // the list was that short so far and a record arrived since. Asked again from the anchor, a
      // page of two or more tells which.
      if (largestPage < 2 && anchor && (await request(position, 1)).records.length > 0) {
        if (!capRechecked) {
          capRechecked = true;
          continue;
        }
        throw evidence.fail('the server returns one record per page, too few to check for shifts');
      }
      return { reason: 'end', pages, relocations, direction };
    }
    if (shortPage !== undefined) {
      evidence.saw(
        'page-size-capped',
        `asked for ${top} per page, the server returns at most ${shortPage}`,
      );
      shortPage = undefined;
    }
    const stop = records.findIndex(pastFar);
    const kept = keep({ records, ids }, 0, stop === -1 ? records.length : stop, (record) =>
      reaches(record, near),
    );
    if (kept.records.length > 0) yield { ...kept, direction };
    if (stop !== -1) return { reason: 'bound', pages, relocations, direction };
    stalled = 0;
    if (received < top) shortPage = received;
    position += records.length;
    anchor = { record: records.at(-1)!, id: ids.at(-1)! };
    seen = new Set(ids);
  }
}
