import { orderOf, type ProbeFinding, type ProbeResult } from '../../completeness/probe.js';
import type { AiForWorkRecord } from './response-schema.js';

/**
 * AI for Work: the largest answer the API gives (it documents no paging and cuts silently), the
 * order of its answers, and whether `startTime`/`endTime` include a record at exactly their
 * instant. Three or four requests.
 */
export async function probeAiForWork(
  get: (from: number, to: number) => Promise<AiForWorkRecord[]>,
  options: { now: number },
): Promise<Omit<ProbeResult, 'requests'>> {
  const findings: ProbeFinding[] = [];
  const suggestedOptions: Record<string, number> = {};
  const end = options.now;
  const start = end - 90 * 86_400_000;
  const broad = await get(start, end);
  // Split where the answer's own records divide in two: a cut answer then shows more in halves.
  const times = broad.map((log) => Date.parse(log.cOn)).sort((a, b) => a - b);
  const middle =
    times.length > 1 ? times[Math.floor(times.length / 2)]! : Math.floor((start + end) / 2);
  const [older, newer] = [await get(start, middle), await get(middle + 1, end)];
  const split = older.length + newer.length;
  if (split > broad.length) {
    findings.push({
      name: 'response-cap',
      value: broad.length,
      evidence: `90 days answered ${broad.length} logs, its two halves ${split}: answers stop at ${broad.length}`,
    });
  } else {
    findings.push({
      name: 'response-cap',
      value: broad.length > 0 ? `at least ${broad.length}` : null,
      evidence: `90 days answered ${broad.length} logs and its halves no more: the cap is at least that`,
    });
  }
  // Sound either way: the cap is at least the largest answer seen.
  if (broad.length > 1) suggestedOptions.responseCap = broad.length;
  findings.push({
    name: 'sort',
    value: orderOf(broad.map((log) => Date.parse(log.cOn))),
    evidence: `the times of an answer of ${broad.length} logs`,
  });
  const sample = broad[0];
  if (sample) {
    const at = Date.parse(sample.cOn);
    const exact = await get(at, at);
    const found = exact.some((log) => log._id === sample._id);
    findings.push({
      name: 'bounds',
      value: found ? 'inclusive' : 'exclusive (one or both)',
      evidence: `startTime = endTime = the time of a log ${found ? 'returned' : 'did not return'} it; reads ask a millisecond wider either way`,
    });
  }
  return { findings, suggestedOptions };
}
