import { orderOf, type ProbeFinding, type ProbeResult } from '../../completeness/probe.js';
import type { UipathPlatformRecord } from './response-schema.js';

interface PmAnswer {
  totalCount?: number | null;
  results: UipathPlatformRecord[];
}

/**
 * Platform Management: the `top` cap (asking the documented 1000), whether `sortOrder` is
 * honoured, and `totalCount`. Three requests.
 */
export async function probePlatformAudit(
  page: (skip: number, top: number, order: 'asc' | 'desc') => Promise<PmAnswer>,
  options: { configuredPageSize: number },
): Promise<Omit<ProbeResult, 'requests'>> {
  const findings: ProbeFinding[] = [];
  const suggestedOptions: Record<string, number> = {};
  const asked = 1000;
  const first = await page(0, asked, 'asc');
  const got = first.results.length;
  const total = first.totalCount ?? undefined;
  if (got < asked && total !== undefined && total > got) {
    findings.push({
      name: 'page-cap',
      value: got,
      evidence: `asked top=${asked}, got ${got} of a totalCount of ${total}`,
    });
    if (got < options.configuredPageSize) suggestedOptions.pageSize = got;
  } else {
    findings.push({
      name: 'page-cap',
      value: got === asked ? `at least ${asked}` : null,
      evidence:
        got === asked
          ? `a page of ${asked} came back in full`
          : `${got} records in all (totalCount ${total ?? 'absent'}): the cap could not be seen`,
    });
  }
  findings.push({
    name: 'count',
    value: total === undefined ? 'absent' : 'present',
    evidence: `totalCount ${total ?? 'absent'}`,
  });
  const time = (record: UipathPlatformRecord) =>
    Date.parse(record.createdOn.replace(/(\.\d{3})\d+/, '$1'));
  const asc = orderOf(first.results.map(time));
  const desc = orderOf((await page(0, Math.min(got, 50) || 2, 'desc')).results.map(time));
  findings.push({
    name: 'sort',
    value:
      asc === 'ascending' && desc === 'descending'
        ? 'honoured'
        : asc === desc
          ? `ignored (always ${asc})`
          : `unclear (asc → ${asc}, desc → ${desc})`,
    evidence: `sortOrder=asc gave ${asc} createdOn, sortOrder=desc gave ${desc}`,
  });
  return { findings, suggestedOptions };
}
