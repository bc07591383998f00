import { describe, expect, it } from 'vitest';
import { ReadEvidence } from '../../completeness/read-evidence.js';
import { PageGuard } from './page-guard.js';
import { offsetWalk, type OffsetWalkOptions } from './offset-walk.js';

interface Row {
  id: string;
  t: number;
}

/** A list the "server" keeps in order, with hooks to change it between requests. */
function server(rows: Row[], options: { order?: 'asc' | 'desc'; cap?: number } = {}) {
  const state = { rows: [...rows], requests: 0, beforeRequest: (_n: number) => {} };
  const fetch = (skip: number, top: number) => {
    state.beforeRequest(++state.requests);
    const sorted = [...state.rows].sort((a, b) =>
      options.order === 'desc'
        ? b.t - a.t || (a.id < b.id ? 1 : -1)
        : a.t - b.t || (a.id < b.id ? -1 : 1),
    );
    return Promise.resolve({
      records: sorted.slice(skip, skip + Math.min(top, options.cap ?? top)),
      total: sorted.length,
    });
  };
  return { state, fetch };
}

const rows = (n: number, step = 10): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `r${String(i).padStart(4, '0')}`,
    t: 1000 + i * step,
  }));

async function walk(
  options: Partial<OffsetWalkOptions<Row>> & Pick<OffsetWalkOptions<Row>, 'fetch'>,
) {
  const evidence = new ReadEvidence('test', new Date(0), new Date(1e9));
  const generator = offsetWalk<Row>({
    key: (r) => r.t,
    identity: (r) => r.id,
    keyName: 't',
    requested: 'asc',
    pageSize: 7,
    evidence,
    guard: new PageGuard('test', 10_000),
    ...options,
  });
  const out: Row[] = [];
  let step = await generator.next();
  while (!step.done) {
    out.push(...step.value.records);
    step = await generator.next();
  }
  return { out, end: step.value, evidence };
}

describe('offsetWalk', () => {
  it('finds the window by binary search and stops at the first record past it', async () => {
    const { fetch, state } = server(rows(500));
    const { out, end } = await walk({ fetch, lo: 2000, hi: 2500 });
    expect(out.map((r) => r.t)).toEqual(
      rows(500)
        .filter((r) => r.t >= 2000 && r.t <= 2500)
        .map((r) => r.t),
    );
    expect(end.reason).toBe('bound');
    // A binary search over 500 records, not a scan of 30 pages.
    expect(state.requests).toBeLessThan(30);
  });

  it('follows a server that ignores the asked order and pages newest first', async () => {
    const { fetch } = server(rows(100), { order: 'desc' });
    const { out, evidence } = await walk({ fetch, lo: 1200, hi: 1600 });
    expect(out.map((r) => r.t).sort((a, b) => a - b)).toEqual(
      rows(100)
        .filter((r) => r.t >= 1200 && r.t <= 1600)
        .map((r) => r.t),
    );
    expect(evidence.behaviours.map((b) => b.code)).toEqual(['sort-ignored', 'sort-descending']);
  });

  it('learns a page cap from a short page that was not the end', async () => {
    const { fetch } = server(rows(60), { cap: 4 });
    const { out, evidence } = await walk({ fetch });
    expect(out).toHaveLength(60);
    expect(evidence.has('page-size-capped')).toBe(true);
  });

  it('finds no end in a short page: the next page, holding only the overlap, shows it', async () => {
    const { fetch, state } = server(rows(5));
    const { out, end } = await walk({ fetch, pageSize: 7 });
    expect(out).toHaveLength(5);
    expect(end.reason).toBe('end');
    expect(state.requests).toBe(2);
  });

  it('loses nothing when the oldest records are purged between pages (pages shift back)', async () => {
    const { fetch, state } = server(rows(200));
    const all = rows(200);
    state.beforeRequest = (n) => {
      if (n > 3 && n % 3 === 0) state.rows.splice(0, 2);
    };
    const { out, evidence } = await walk({ fetch, lo: 2500 });
    const present = new Set(state.rows.map((r) => r.id));
    const wanted = all.filter((r) => r.t >= 2500 && present.has(r.id)).map((r) => r.id);
    const got = new Set(out.map((r) => r.id));
    expect(wanted.filter((id) => !got.has(id))).toEqual([]);
    expect(evidence.has('records-shifted')).toBe(true);
  });

  it('ends at the last record while retention removes the oldest every few requests', async () => {
    // The binary search for the start probes the last record alone; each removal then moves it
    // one offset back, so the walk's own page of it alone equals an answer given to another
    // request. Asked until that changed, a removal always came first and the walk never ended.
    const { fetch, state } = server(rows(300));
    const last = rows(300).at(-1)!;
    state.beforeRequest = (n) => {
      if (n > 12 && n % 3 === 0) state.rows.splice(0, 1);
    };
    const { out, end } = await walk({ fetch, lo: last.t });
    expect(out).toEqual([last]);
    expect(end.reason).toBe('end');
  });

  it('reads on from the answer that found a pulled-back anchor, whatever is removed after it', async () => {
    // A record is removed after the 60th page, and again between each look one page back for
    // the anchor and the next page: asked for again from the anchor's new place, that page always
    // came after another removal, and the walk never moved on.
    const { fetch: live, state } = server(rows(600));
    let pages = 0;
    let lastSkip = -1;
    let lookedBack = false;
    const fetch = async (skip: number, top: number) => {
      if (top > 1) {
        if (lookedBack && skip > lastSkip) {
          state.rows.splice(0, 1);
          lookedBack = false;
        }
        if (skip < lastSkip) lookedBack = true;
        lastSkip = skip;
      }
      const answer = await live(skip, top);
      if (top > 1 && ++pages === 60) state.rows.splice(0, 1);
      return answer;
    };
    const { out, end } = await walk({ fetch });
    const got = new Set(out.map((r) => r.id));
    expect(state.rows.filter((r) => !got.has(r.id))).toEqual([]);
    expect(out.length).toBe(got.size);
    expect(end.reason).toBe('end');
  });

  it('delivers records that arrive behind it and does not skip when pages shift forward', async () => {
    const { fetch, state } = server(rows(120));
    let late = 0;
    state.beforeRequest = (n) => {
      if (n % 2 === 0) state.rows.push({ id: `late${late++}`, t: 1005 + n * 10 });
    };
    const { out } = await walk({ fetch });
    const got = new Set(out.map((r) => r.id));
    expect(rows(120).filter((r) => !got.has(r.id))).toEqual([]);
  });

  it('reads on when records arriving behind it fill the rest of a page', async () => {
    // Pages of 7 start with the last record delivered; six late arrivals before it push it to the
    // end of the next page, which then holds nothing after it although the list goes on.
    const { fetch, state } = server(rows(40));
    state.beforeRequest = (n) => {
      if (n === 3) for (let i = 0; i < 6; i++) state.rows.push({ id: `late${i}`, t: 1111 + i });
    };
    const { out } = await walk({ fetch });
    const got = new Set(out.map((r) => r.id));
    expect(rows(40).filter((r) => !got.has(r.id))).toEqual([]);
    expect([...got].filter((id) => id.startsWith('late'))).toHaveLength(6);
  });

  it('ends at the end of the list while late records keep landing before its last record', async () => {
    // A busy tenant: every request, a record dated a little before the newest lands just ahead
    // of the walk's last record, so a page asked from it always finds it one further on.
    const { fetch, state } = server(rows(30));
    state.beforeRequest = (n) => {
      if (n > 3)
        state.rows.push({ id: `late${String(n).padStart(3, '0')}`, t: 1000 + 29 * 10 - 1 });
    };
    const { out, end } = await walk({ fetch });
    expect(end.reason).toBe('end');
    const got = new Set(out.map((r) => r.id));
    expect(rows(30).filter((r) => !got.has(r.id))).toEqual([]);
    expect(out.length).toBe(got.size);
  });

  it('fails loudly on a server that answers one record per page, and reads a list that was one record long', async () => {
    const capped = server(rows(30), { cap: 1 });
    await expect(walk({ fetch: capped.fetch })).rejects.toMatchObject({ code: 'INCOMPLETE' });
    // A list of one record, then a second arriving: pages of one so far, but not a cap.
    const short = server(rows(1));
    short.state.beforeRequest = (n) => {
      if (n === 3) short.state.rows.push({ id: 'late', t: 5000 });
    };
    const { out } = await walk({ fetch: short.fetch });
    expect(out.map((r) => r.id)).toEqual(['r0000', 'late']);
  });

  it('learns a descending order past a first page of one instant', async () => {
    // Newest first although oldest was asked; the newest page is a burst stamped alike, after the
    // range: its keys show no order, and the range lies at the far end.
    const burst = Array.from({ length: 7 }, (_, i) => ({ id: `burst${i}`, t: 9000 }));
    const { fetch } = server([...rows(40), ...burst], { order: 'desc' });
    const { out, end } = await walk({ fetch, lo: 1000, hi: 1390 });
    expect(end.direction).toBe('desc');
    expect(new Set(out.map((r) => r.id))).toEqual(new Set(rows(40).map((r) => r.id)));
  });

  it('learns the order from within pages while bursts keep arriving at the head', async () => {
    // Newest first; before each of the first requests a new burst (a page of one newer instant)
    // arrives at the head, so the second page shows records newer than the first page did.
    const { fetch, state } = server(rows(40), { order: 'desc' });
    state.beforeRequest = (n) => {
      if (n <= 4)
        for (let i = 0; i < 7; i++) state.rows.push({ id: `burst${n}-${i}`, t: 9000 + n * 100 });
    };
    const { out, end } = await walk({ fetch, lo: 1000, hi: 1390 });
    expect(end.direction).toBe('desc');
    expect(new Set(out.map((r) => r.id))).toEqual(new Set(rows(40).map((r) => r.id)));
  });

  it('fails loudly on a list in no order at all', async () => {
    const shuffled = rows(30).map((r, i) => ({ ...r, t: (i * 7919) % 31 }));
    const fetch = (skip: number, top: number) =>
      Promise.resolve({ records: shuffled.slice(skip, skip + top) });
    await expect(walk({ fetch })).rejects.toMatchObject({ code: 'INCOMPLETE' });
  });

  it('under constant shifting: everything still present is read, or it fails loudly', async () => {
    const { fetch, state } = server(rows(100));
    state.beforeRequest = (n) => {
      if (n > 2) state.rows.splice(0, 9);
    };
    const outcome = await walk({ fetch, lo: 1500, maxRelocations: 5 }).then(
      (result) => result,
      (error: unknown) => error,
    );
    if ('out' in (outcome as object)) {
      const got = new Set((outcome as { out: Row[] }).out.map((r) => r.id));
      expect(state.rows.filter((r) => r.t >= 1500 && !got.has(r.id))).toEqual([]);
    } else {
      expect(outcome).toMatchObject({ code: 'INCOMPLETE' });
    }
  });

  it('asks again when a page comes back as the answer to an earlier request (a stale cache)', async () => {
    const { fetch: live } = server(rows(60));
    let previous: Awaited<ReturnType<typeof live>> | undefined;
    let stale = 0;
    const fetch = async (skip: number, top: number) => {
      // Every third request of a full page gets the answer sent to the request before it.
      const answer = await live(skip, top);
      const served = previous && top > 1 && ++stale % 3 === 0 ? previous : answer;
      previous = answer;
      return served;
    };
    const { out, evidence } = await walk({ fetch });
    expect(out.map((r) => r.id)).toEqual(rows(60).map((r) => r.id));
    expect(evidence.behaviours.map((b) => b.code)).toContain('records-shifted');
  });
});
