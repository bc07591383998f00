import { describe, expect, it } from 'vitest';
import { ReadEvidence } from '../../completeness/read-evidence.js';
import { splitWindows, type ObservedCap } from './window-split.js';

/** An unpaged API over `times` that silently keeps the first `cap` matches. */
function api(times: number[], cap: number) {
  let requests = 0;
  const fetch = (from: number, to: number) => {
    requests++;
    const all = times.filter((t) => t >= from && t <= to);
    const records = all.slice(0, cap);
    return Promise.resolve({ records, received: records.length });
  };
  return { fetch, requests: () => requests };
}

async function read(times: number[], cap: number, observed: ObservedCap = { largest: 0 }) {
  const { fetch, requests } = api(times, cap);
  const evidence = new ReadEvidence('test', new Date(0), new Date(1e6));
  const out: number[] = [];
  for await (const window of splitWindows({ start: 0, end: 1e6, fetch, cap: observed, evidence })) {
    out.push(...window.records);
  }
  return { out, requests: requests(), evidence };
}

describe('splitWindows', () => {
  it('reads everything under a cap that is no round number, without being told it', async () => {
    const times = Array.from({ length: 1000 }, (_, i) => i * 997);
    const { out, evidence } = await read(times, 137);
    expect(out.sort((a, b) => a - b)).toEqual(times);
    expect(evidence.has('response-capped')).toBe(true);
  });

  it('trusts an answer below the largest one seen, so a known cap saves requests', async () => {
    const times = Array.from({ length: 300 }, (_, i) => i * 3000);
    const cold = await read(times, 50);
    const warm = await read(times, 50, { largest: 50 });
    expect(warm.out.sort((a, b) => a - b)).toEqual(times);
    expect(warm.requests).toBeLessThanOrEqual(cold.requests);
  });

  it('fails loudly when one millisecond holds as many records as the largest answer', async () => {
    const times = [...Array.from({ length: 10 }, () => 500), 900, 901];
    const error = await read(times, 10).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INCOMPLETE' });
    expect(String((error as Error).message)).toMatch(/cannot be split further/);
  });

  it('calibrates once with a broad request instead of splitting a small window to nothing', async () => {
    const times = [100, 200];
    const { fetch } = api(times, 1000);
    const evidence = new ReadEvidence('test', new Date(0), new Date(1e6));
    const cap: ObservedCap = { largest: 0 };
    let calibrations = 0;
    const out: number[] = [];
    for await (const window of splitWindows({
      start: 150,
      end: 250,
      fetch,
      cap,
      evidence,
      calibrate: async () => {
        calibrations++;
        return (await fetch(0, 1e6)).received;
      },
    }))
      out.push(...window.records);
    expect(out).toEqual([200]);
    expect(calibrations).toBe(0); // one record is never taken for a cut
  });

  describe('records a wider answer held', () => {
    /** Records as times; `answer` may change what the server holds or answers at one call. */
    async function readWith(
      times: number[],
      cap: number,
      answer?: (from: number, to: number, call: number, truth: number[]) => number[] | undefined,
    ) {
      let calls = 0;
      const fetch = (from: number, to: number) => {
        calls++;
        const truth = times.filter((t) => t >= from && t <= to);
        const records = (answer?.(from, to, calls, truth) ?? truth).slice(0, cap);
        return Promise.resolve({ records, received: records.length });
      };
      const evidence = new ReadEvidence('test', new Date(0), new Date(1e6));
      const out: number[] = [];
      for await (const window of splitWindows({
        start: 0,
        end: 1e6,
        fetch,
        cap: { largest: cap },
        evidence,
        identity: { key: String, time: (t) => t },
      }))
        out.push(...window.records);
      return { out, evidence, calls: () => calls };
    }

    it("asks again a half answered with the other half's empty answer, instead of losing its records", async () => {
      // 12 records in the later half: the first answer is cut at 10, and the later half's first
      // answer is the earlier half's (empty) one, as a cache repeating another request's answer.
      const times = Array.from({ length: 12 }, (_, i) => 600_000 + i * 1000);
      let lateHalfAsked = 0;
      const { out, evidence } = await readWith(times, 10, (from, to, _call, truth) =>
        from === 500_001 && to === 1e6 && ++lateHalfAsked === 1 ? [] : truth,
      );
      expect(out.sort((a, b) => a - b)).toEqual(times);
      expect(lateHalfAsked).toBe(2);
      expect(evidence.has('records-shifted')).toBe(false);
    });

    it('believes records gone from two answers in a row when retention removed them (oldest first)', async () => {
      const times = Array.from({ length: 12 }, (_, i) => 600_000 + i * 1000);
      // After the first answer, retention removes the two oldest records.
      const { out, evidence } = await readWith(times, 10, (_from, _to, call, truth) =>
        call === 1 ? truth : truth.filter((t) => t > 601_000),
      );
      expect(out.sort((a, b) => a - b)).toEqual(times.slice(2));
      expect(evidence.has('records-shifted')).toBe(true);
    });

    it('fails loudly when a half keeps lacking records newer than those it holds', async () => {
      const times = Array.from({ length: 12 }, (_, i) => 600_000 + i * 1000);
      const error = await readWith(times, 10, (from, _to, call, truth) =>
        call > 1 && from > 500_000 ? truth.filter((t) => t !== 605_000) : truth,
      ).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INCOMPLETE' });
      expect(String((error as Error).message)).toMatch(/missing from 3 complete answers/);
    });
  });
});
