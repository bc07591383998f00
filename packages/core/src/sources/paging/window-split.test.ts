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
});
