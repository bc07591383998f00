import type { ProbeFinding, ProbeResult } from '../../completeness/probe.js';
import type { UnifiedAnswer } from './cursor-walk.js';
import { compareInstants, instantOf } from './instant.js';

/**
 * The unified audit API: the `maxCount` clamp (asking 1000), which cursor link leads to older
 * events, and whether `to` includes the instant it names. Three to five requests.
 */
export async function probeUnifiedAudit(
  events: (params: URLSearchParams) => Promise<UnifiedAnswer>,
  follow: (link: string) => Promise<UnifiedAnswer>,
  options: { configuredPageSize: number },
): Promise<Omit<ProbeResult, 'requests'>> {
  const findings: ProbeFinding[] = [];
  const suggestedOptions: Record<string, number> = {};
  const asked = 1000;
  const first = await events(new URLSearchParams({ maxCount: String(asked) }));
  const got = first.auditEvents.length;
  const more = Boolean(first.previous ?? first.next);
  if (got < asked && more) {
    findings.push({
      name: 'page-cap',
      value: got,
      evidence: `asked maxCount=${asked}, got ${got} with a cursor to more`,
    });
    if (got < options.configuredPageSize) suggestedOptions.pageSize = got;
  } else {
    findings.push({
      name: 'page-cap',
      value: got === asked ? `at least ${asked}` : null,
      evidence: more
        ? `asked maxCount=${asked}, got ${got}`
        : `only ${got} events visible: the cap cannot be measured`,
    });
  }

  const oldest = first.auditEvents.at(-1);
  const oldestAt = oldest ? instantOf(oldest.createdOn) : undefined;
  let direction: string | null = null;
  let how = 'no cursor link to follow';
  for (const link of ['previous', 'next'] as const) {
    const url = first[link];
    if (!url || !oldestAt) continue;
    const page = await follow(url);
    const at = page.auditEvents[0] ? instantOf(page.auditEvents[0].createdOn) : undefined;
    if (at && compareInstants(at, oldestAt) <= 0) {
      direction = link;
      how = `the \`${link}\` link returned events older than the first page's last`;
      break;
    }
  }
  findings.push({
    name: 'cursor',
    value: direction ? `${direction} = older` : null,
    evidence: how,
  });

  const newest = first.auditEvents[0];
  if (newest) {
    const at = await events(new URLSearchParams({ to: newest.createdOn, maxCount: '10' }));
    const inclusive = at.auditEvents.some((event) => event.id === newest.id);
    findings.push({
      name: 'bounds',
      value: inclusive ? 'to inclusive' : 'to exclusive',
      evidence: `to=${newest.createdOn} (the newest event's own time) ${inclusive ? 'returned' : 'did not return'} that event`,
    });
  } else {
    findings.push({ name: 'bounds', value: null, evidence: 'no events visible' });
  }
  return { findings, suggestedOptions };
}
