import type { AuditSource } from '../sources/source.js';

/** One measured behaviour of a tenant's API. */
export interface ProbeFinding {
  /** Stable name: `page-cap`, `sort`, `cursor`, `offset`, `count`, `bounds`, `response-cap`, `clock-offset`. */
  name: string;
  /** What was measured (a number, a word, or null when it could not be). */
  value: string | number | boolean | null;
  /** How it was measured, in a sentence safe to print. */
  evidence: string;
}

/** What `probe` measured, and the options that let later reads start from it. */
export interface ProbeResult {
  findings: ProbeFinding[];
  /** Source options to store (`--write`): only values measured, never guessed. */
  suggestedOptions: Record<string, number>;
  /** Requests made (all read-only, within the source's rate limits). */
  requests: number;
}

export interface ProbeReport extends ProbeResult {
  source: { id: string; type: string };
}

/**
 * Measures how a source's API really behaves for this tenant: page cap, whether sort and cursor
 * parameters are honoured, counts, bound inclusiveness, response caps, the server's clock. Every
 * request is a read, within the source's rate limits.
 */
export async function probeSource(
  source: AuditSource,
  options: { signal?: AbortSignal } = {},
): Promise<ProbeReport> {
  if (!source.probe) {
    return {
      source: { id: source.id, type: source.type },
      findings: [],
      suggestedOptions: {},
      requests: 0,
    };
  }
  const result = await source.probe(options.signal);
  return { source: { id: source.id, type: source.type }, ...result };
}

/** Measures request counts and the server clock across a probe's requests. */
export class ProbeRecorder {
  requests = 0;
  #offsets: number[] = [];
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Request options hook: counts the request and reads the server's `date` header. */
  readonly onHeaders = (headers: Record<string, string | undefined>): void => {
    this.requests++;
    const date = Date.parse(headers.date ?? '');
    if (Number.isFinite(date)) this.#offsets.push(date - this.#now());
  };

  /** The server's clock minus ours, from `date` headers (second precision). */
  clockFinding(): ProbeFinding {
    if (this.#offsets.length === 0)
      return { name: 'clock-offset', value: null, evidence: 'no date header in the answers' };
    const sorted = [...this.#offsets].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const seconds = Math.round(median / 1000);
    return {
      name: 'clock-offset',
      value: seconds,
      evidence: `the date header of ${sorted.length} answers is ${seconds} s from this machine's clock (second precision)`,
    };
  }
}

/** The order of a list of times: `ascending`, `descending`, `unordered`, or `unknown` (too few). */
export function orderOf(times: number[]): 'ascending' | 'descending' | 'unordered' | 'unknown' {
  let up = false;
  let down = false;
  for (let index = 1; index < times.length; index++) {
    if (times[index]! > times[index - 1]!) up = true;
    if (times[index]! < times[index - 1]!) down = true;
  }
  if (up && down) return 'unordered';
  return up ? 'ascending' : down ? 'descending' : 'unknown';
}
