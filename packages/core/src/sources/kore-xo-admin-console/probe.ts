import { orderOf, type ProbeFinding, type ProbeResult } from '../../completeness/probe.js';
import type { KoreXoRecord } from './response-schema.js';

interface XoAnswer {
  total?: number | null;
  auditlogs: KoreXoRecord[];
  moreAvailable?: boolean | null;
}

export interface XoProbeRequest {
  size: number;
  offset: number;
  fromDate: string;
  toDate: string;
  fetchAfter?: string;
}

const timeOf = (record: KoreXoRecord) =>
  record.timestampValue ?? Date.parse(record['Date/Time'] ?? '');
const ids = (answer: XoAnswer) => answer.auditlogs.map((r) => r.AuditLogId);

/**
 * Kore XO: page cap (asking the documented maximum, 100), sort order, whether `fetchAfter` and
 * `offset` are honoured and what `offset` counts, `total`/`moreAvailable`, and whether
 * `fromDate`/`toDate` include a record at exactly their instant. About 6 requests.
 */
export async function probeKoreXo(
  get: (query: XoProbeRequest) => Promise<XoAnswer>,
  options: {
    now: number;
    configuredPageSize: number;
    /** The page size the server accepted for the first request (smaller if it refused 100). */
    acceptedSize: () => number;
  },
): Promise<Omit<ProbeResult, 'requests'>> {
  const findings: ProbeFinding[] = [];
  const suggestedOptions: Record<string, number> = {};
  const window = {
    fromDate: new Date(options.now - 90 * 86_400_000).toISOString(),
    toDate: new Date(options.now).toISOString(),
  };
  const first = await get({ size: 100, offset: 0, ...window });
  const asked = options.acceptedSize();
  const got = first.auditlogs.length;
  const more = first.moreAvailable === true || (first.total ?? 0) > got;
  if (got < asked && more) {
    findings.push({
      name: 'page-cap',
      value: got,
      evidence: `${asked < 100 ? `the server refused size=100 and accepted ${asked}; ` : ''}asked for ${asked} records, got ${got} while the server said more were available`,
    });
    if (got < options.configuredPageSize) suggestedOptions.pageSize = got;
  } else {
    findings.push({
      name: 'page-cap',
      value: got === asked ? (asked < 100 ? asked : `at least ${asked}`) : null,
      evidence:
        got === asked
          ? asked < 100
            ? `the server refused larger pages and returned ${asked} in full`
            : `a page of ${asked} came back in full`
          : `only ${got} records in the last 90 days, fewer than a page: the cap could not be seen`,
    });
    // A refused size is measured too: later reads start from the size that is accepted.
    if (got === asked && asked < options.configuredPageSize) suggestedOptions.pageSize = asked;
  }
  findings.push({
    name: 'count',
    value:
      first.total == null
        ? 'absent'
        : first.total > got || first.moreAvailable === false
          ? 'matching'
          : 'page',
    evidence: `total ${first.total ?? 'absent'}, moreAvailable ${first.moreAvailable ?? 'absent'} for a page of ${got}`,
  });
  const order = orderOf(first.auditlogs.map(timeOf));
  findings.push({ name: 'sort', value: order, evidence: `the times of a page of ${got} records` });
  if (got >= 2) {
    const anchor = first.auditlogs[0]!.AuditLogId;
    const after = await get({ size: asked, offset: 0, ...window, fetchAfter: anchor });
    const honoured =
      after.auditlogs.every((r) => r.AuditLogId > anchor) &&
      !after.auditlogs.some((r) => r.AuditLogId === anchor);
    findings.push({
      name: 'cursor',
      value: honoured ? 'honoured' : 'ignored',
      evidence: honoured
        ? 'with fetchAfter set to the first id, every id came back greater'
        : 'with fetchAfter set to the first id, that id or smaller ones came back',
    });
  }
  if (more && got >= 2) {
    const second = await get({ size: got, offset: 1, ...window });
    const seen = new Set(ids(first));
    const secondIds = ids(second);
    const value =
      secondIds[0] === ids(first)[0]
        ? 'ignored'
        : secondIds[0] === ids(first)[1]
          ? 'record index'
          : secondIds.every((id) => !seen.has(id))
            ? 'page number'
            : 'unclear';
    findings.push({
      name: 'offset',
      value,
      evidence: `offset=1 with size ${got} started at ${value === 'page number' ? 'the next page' : value === 'record index' ? 'the second record' : value === 'ignored' ? 'the first record again' : 'neither'}`,
    });
  }
  const sample = first.auditlogs.find((r) => Number.isFinite(timeOf(r)));
  if (sample) {
    const at = new Date(timeOf(sample)).toISOString();
    const exact = await get({ size: asked, offset: 0, fromDate: at, toDate: at });
    const found = exact.auditlogs.some((r) => r.AuditLogId === sample.AuditLogId);
    findings.push({
      name: 'bounds',
      value: found ? 'inclusive' : 'exclusive (one or both)',
      evidence: `fromDate = toDate = the time of a record (${at}) ${found ? 'returned' : 'did not return'} it; reads ask a millisecond wider either way`,
    });
  }
  return { findings, suggestedOptions };
}
