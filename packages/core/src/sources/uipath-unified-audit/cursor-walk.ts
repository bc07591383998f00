import type { ReadEvidence } from '../../completeness/read-evidence.js';
import type { PageGuard } from '../paging/page-guard.js';
import { compareInstants, formatInstant, instantOf, nextTick, type Instant } from './instant.js';
import type { UipathUnifiedEvent } from './response-schema.js';

export interface UnifiedAnswer {
  auditEvents: UipathUnifiedEvent[];
  next?: string | null | undefined;
  previous?: string | null | undefined;
}

/** Where the walk stands: the oldest instant handed on, and the ids handed on at that instant. */
export interface WalkPosition {
  at: Instant;
  ids: Set<string>;
}

export interface CursorWalkOptions {
  /** A first page: the window's filters with `to` at this instant, `maxCount` as asked or given. */
  query(to: Instant, maxCount?: number): Promise<UnifiedAnswer>;
  /** The page behind one of the server's cursor links. */
  follow(link: string): Promise<UnifiedAnswer>;
  /** Inclusive window bounds in ms; `lo` undefined = as far back as the API keeps. */
  lo?: number;
  hi: number;
  /** Resume below this position (a cursor of an interrupted read). */
  resume?: WalkPosition;
  /** `maxCount` as sent. */
  asked: number;
  evidence: ReadEvidence;
  guard: PageGuard;
}

export interface WalkStep {
  /** New records of the window, as the server ordered them (newest first). */
  records: UipathUnifiedEvent[];
  position: WalkPosition;
}

export interface WalkEnd {
  pages: number;
  /** Queries anchored below the last record (after the cursors ended or stalled). */
  confirmations: number;
  /** The walk reached records older than the window's start (the server sent them anyway). */
  passedStart: boolean;
}

type Link = 'previous' | 'next';
const REPEATS = 3;

/**
 * Walks the unified audit API from the window's newest end to its oldest, following the server's
 * keyset cursors, and checks every step instead of trusting the docs: which link leads to older
 * events is learned from the records (UiPath's CLI says `previous`; the reference does not say);
 * a page holding nothing older is asked again, and if it persists the walk re-anchors with `to`
 * just after the last record; when the cursors end, one query anchored there must come back
 * with nothing new, or the walk goes on from it. Ids are never assumed to be ordered: records at
 * the same instant are told apart by the set of ids already handed on.
 */
export async function* cursorWalk(options: CursorWalkOptions): AsyncGenerator<WalkStep, WalkEnd> {
  const { evidence, guard, lo, hi } = options;
  let position = options.resume;
  let older: Link | undefined;
  let largest = 0;
  /** The largest page the server said was not the last (an older link): its effective cap. */
  let fullPage = 0;
  let pages = 0;
  let confirmations = 0;
  let passedStart = false;

  /** Records of a page not handed on yet (in window or not), and whether it reached past `lo`. */
  function sort(answer: UnifiedAnswer) {
    const fresh: Array<{ record: UipathUnifiedEvent; at: Instant }> = [];
    for (const record of answer.auditEvents) {
      const at = instantOf(record.createdOn);
      if (at === undefined) {
        throw evidence.fail(
          `a record's createdOn is not a timestamp, so it cannot be placed in the walk`,
        );
      }
      if (position) {
        const order = compareInstants(at, position.at);
        if (order > 0 || (order === 0 && position.ids.has(record.id))) continue;
      }
      fresh.push({ record, at });
    }
    return fresh;
  }

  function advance(fresh: Array<{ record: UipathUnifiedEvent; at: Instant }>): WalkStep {
    const records: UipathUnifiedEvent[] = [];
    for (const { record, at } of fresh) {
      if (!position || compareInstants(at, position.at) < 0) position = { at, ids: new Set() };
      if (compareInstants(at, position.at) === 0) position.ids.add(record.id);
      if (at.ms > hi) continue;
      if (lo !== undefined && at.ms < lo) {
        passedStart = true;
        continue;
      }
      records.push(record);
    }
    return { records, position: position! };
  }

  async function get(fetch: () => Promise<UnifiedAnswer>): Promise<UnifiedAnswer> {
    guard.count();
    pages++;
    const answer = await fetch();
    largest = Math.max(largest, answer.auditEvents.length);
    return answer;
  }

  const anchor = (): Instant => (position ? nextTick(position.at) : { ms: hi + 1, sub: 0 });
  const floor = lo === undefined ? undefined : { ms: lo - 1, sub: 9999 };

  /**
   * A query's answer, checked before the walk trusts it as the newest end of what is left: its
   * records lie within the bounds sent, and either its cursor echoes the `to` sent (the cursor is
   * "the same query, new anchor") or a small second query agrees with it (below its newest event,
   * every event the second query returns is in it). An answer that fails (a stale answer from a
   * cache, a replayed response) is asked for again. Records written late (older than the answer's
   * newest) can land between the two queries too, so an answer asked for again is also taken when
   * it holds every record the earlier answers to this query showed within its span: a stale or
   * replayed answer lacks what was seen since, a fresh one has it. Records arriving after the
   * answer taken are the next sync's overlap, as for any read.
   */
  async function firstPage(checkNewest: boolean): Promise<UnifiedAnswer> {
    const to = anchor();
    const sent = formatInstant(to);
    /** Every record the answers to this query showed so far, by id. */
    const seen = new Map<string, Instant>();
    const within = (at: Instant) =>
      compareInstants(at, to) <= 0 && (floor === undefined || compareInstants(at, floor) >= 0);
    const remember = (answer: UnifiedAnswer) => {
      for (const record of answer.auditEvents) {
        const at = instantOf(record.createdOn);
        if (at !== undefined && within(at)) seen.set(record.id, at);
      }
    };
    for (let attempt = 0; ; attempt++) {
      const page = await get(() => options.query(to));
      const times = page.auditEvents.map((record) => instantOf(record.createdOn));
      const inBounds = times.every((at) => at === undefined || within(at));
      const echoed = [page.previous, page.next].some(
        (link) =>
          typeof link === 'string' &&
          new URL(link, 'http://cursor.invalid').searchParams.get('to') === sent,
      );
      if (inBounds && (echoed || !checkNewest)) return page;
      // Only against something seen: after an answer of another query alone, nothing was.
      if (inBounds && seen.size > 0 && holdsAllSeen(page, times, seen)) return page;
      // An answer outside the bounds sent belongs to another query: nothing of it is this one's.
      if (inBounds) remember(page);
      if (inBounds && (await agrees(page, times, to, remember))) return page;
      if (attempt + 1 >= REPEATS) {
        if (!inBounds) {
          evidence.saw(
            'time-filter-ignored',
            'the server returned events outside the from/to sent',
          );
          return page;
        }
        throw evidence.fail('the same query kept returning answers that disagree with each other');
      }
      evidence.saw('page-repeated', 'a query was answered with events of another query');
    }
  }

  /** An answer's ids, its newest and oldest instants (none when empty), and whether it links on. */
  function spanOf(page: UnifiedAnswer, times: Array<Instant | undefined>) {
    const known = times.filter((at): at is Instant => at !== undefined);
    const pick = (older: boolean) =>
      known.length === 0
        ? undefined
        : known.reduce((a, b) => (compareInstants(a, b) <= 0 === older ? a : b));
    return {
      ids: new Set(page.auditEvents.map((record) => record.id)),
      newest: pick(false),
      oldest: pick(true),
      more: Boolean(page.previous ?? page.next),
    };
  }

  /** The answer holds every record seen earlier that lies within its span (all of the window's
   * lower part when it has no link to more, else down to its oldest record). */
  function holdsAllSeen(
    page: UnifiedAnswer,
    times: Array<Instant | undefined>,
    seen: Map<string, Instant>,
  ): boolean {
    const { ids, oldest, more } = spanOf(page, times);
    if (more && oldest === undefined) return false;
    for (const [id, at] of seen) {
      if (more && compareInstants(at, oldest!) < 0) continue;
      if (!ids.has(id)) return false;
    }
    return true;
  }

  async function agrees(
    page: UnifiedAnswer,
    times: Array<Instant | undefined>,
    to: Instant,
    remember: (answer: UnifiedAnswer) => void,
  ) {
    const check = await get(() => options.query(to, 1));
    remember(check);
    const { ids, newest, oldest, more } = spanOf(page, times);
    if (newest === undefined || oldest === undefined) return check.auditEvents.length === 0;
    return check.auditEvents.every((record) => {
      const at = instantOf(record.createdOn);
      if (at === undefined || compareInstants(at, newest) > 0) return true;
      if (compareInstants(at, oldest) >= 0) return ids.has(record.id);
      return more;
    });
  }

  let answer = await firstPage(true);
  let fresh = sort(answer);
  if (fresh.length > 0) yield advance(fresh);
  if (answer.auditEvents.length === 0) return { pages, confirmations, passedStart };

  for (;;) {
    if (passedStart) return { pages, confirmations, passedStart };
    // Follow the link to older events (learned on the first step), asking again on a repeat.
    let moved = false;
    const links: Link[] = older ? [older] : ['previous', 'next'];
    for (const link of links) {
      const url = answer[link];
      if (!url) continue;
      for (let attempt = 0; attempt < REPEATS; attempt++) {
        const page = await get(() => options.follow(url));
        fresh = sort(page);
        if (fresh.length > 0) {
          if (!older && link === 'next')
            evidence.saw(
              'cursor-reversed',
              'the `next` link leads to older events, `previous` to newer',
            );
          older = link;
          if (page[link]) fullPage = Math.max(fullPage, page.auditEvents.length);
          if (page.auditEvents.length < options.asked && page[link])
            evidence.saw(
              'page-size-capped',
              `asked maxCount=${options.asked}, the server returns at most ${largest} events per page`,
            );
          answer = page;
          moved = true;
          yield advance(fresh);
          break;
        }
        // Nothing new: an empty page (the end, or the wrong direction) or a repeat.
        if (page.auditEvents.length === 0) break;
        evidence.saw('page-repeated', 'a cursor page held only events already read');
      }
      if (moved) break;
    }
    if (moved) continue;

    // The cursors ended (or stalled): a query anchored just after the oldest event handed on must
    // hold nothing new for the walk to be complete; if it does, the walk continues from it.
    confirmations++;
    // Within one read a stale answer would hold events newer than the anchor: bounds suffice.
    answer = await firstPage(false);
    fresh = sort(answer);
    if (fresh.length === 0) {
      const all = answer.auditEvents;
      if (all.length > 0 && all.length >= (fullPage || options.asked)) {
        throw evidence.fail(
          `${all.length} events at ${position ? formatInstant(position.at) : 'one instant'} fill a whole page of the API, and its cursors do not go past them`,
        );
      }
      return { pages, confirmations, passedStart };
    }
    evidence.saw(
      'cursor-ignored',
      'the cursors ended, but a query older than the last event still returned events; the walk went on from there',
    );
    yield advance(fresh);
  }
}
