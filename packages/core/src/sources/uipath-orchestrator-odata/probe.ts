import { type ProbeFinding, type ProbeResult } from '../../completeness/probe.js';
import type { OrchestratorRecord } from './response-schema.js';

interface ODataAnswer {
  '@odata.count'?: number | null;
  value: OrchestratorRecord[];
}

export interface ODataProbeQuery {
  top: number;
  orderby: 'Id asc' | 'Id desc';
  filter?: string;
}

/**
 * Orchestrator: the `$top` cap (asking the documented 1000), whether `$orderby` and an `Id`
 * keyset in `$filter` are honoured, and `@odata.count`. Three or four requests.
 */
export async function probeOrchestrator(
  list: (query: ODataProbeQuery) => Promise<ODataAnswer>,
  options: { configuredPageSize: number },
): Promise<Omit<ProbeResult, 'requests'>> {
  const findings: ProbeFinding[] = [];
  const suggestedOptions: Record<string, number> = {};
  const asked = 1000;
  const first = await list({ top: asked, orderby: 'Id asc' });
  const got = first.value.length;
  const count = first['@odata.count'] ?? undefined;
  if (got < asked && count !== undefined && count > got) {
    findings.push({
      name: 'page-cap',
      value: got,
      evidence: `asked $top=${asked}, got ${got} of an @odata.count of ${count}`,
    });
    if (got < options.configuredPageSize) suggestedOptions.pageSize = got;
  } else {
    findings.push({
      name: 'page-cap',
      value: got === asked ? `at least ${asked}` : null,
      evidence:
        got === asked
          ? `a page of ${asked} came back in full`
          : `${got} records in all (@odata.count ${count ?? 'absent'}): the cap could not be seen`,
    });
  }
  findings.push({
    name: 'count',
    value: count === undefined ? 'absent' : 'present',
    evidence: `@odata.count ${count ?? 'absent'} with $count=true`,
  });
  const ascending = first.value.every((r, i) => i === 0 || r.Id > first.value[i - 1]!.Id);
  const newest = (await list({ top: 2, orderby: 'Id desc' })).value;
  const descending = newest.length === 2 && newest[0]!.Id > newest[1]!.Id;
  findings.push({
    name: 'sort',
    value: ascending && descending ? 'honoured' : 'ignored',
    evidence: `$orderby=Id asc gave ${ascending ? 'ascending' : 'unordered'} ids, Id desc gave ${descending ? 'descending' : 'not descending'} ids`,
  });
  // Above the largest id just seen: an ignored keyset answers with those same records again.
  const pivot = Math.max(...first.value.map((r) => r.Id));
  if (first.value.length > 0) {
    const after = await list({ top: 50, orderby: 'Id asc', filter: `Id gt ${pivot}` });
    const honoured = after.value.every((r) => r.Id > pivot);
    findings.push({
      name: 'cursor',
      value: honoured ? 'honoured' : 'ignored',
      evidence: `$filter=Id gt ${pivot} ${honoured ? 'returned only greater ids' : 'returned smaller ids too'}`,
    });
  }
  return { findings, suggestedOptions };
}
