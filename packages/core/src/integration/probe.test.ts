// probeSource against simulator profiles that make the choices the vendors' docs leave open:
// each finding must name what the server really does, and suggest only what it measured.
import { startSimulator, type SimulatorBehavior, type VendorId } from '@auditrelay/simulator';
import { describe, expect, it } from 'vitest';
import { createSource, parseSourceConfig } from '../create-source.js';
import { probeSource, type ProbeReport } from '../completeness/probe.js';
import { simulatorSourceConfig, VENDORS } from './simulator-sources.js';

const HOUR = 3_600_000;

async function probe(
  vendor: VendorId,
  profile: SimulatorBehavior | 'documented',
  count = 1500,
): Promise<ProbeReport> {
  const now = Date.now();
  const sim = await startSimulator({
    seed: 'probe',
    data: { [vendor]: { count, start: now - 20 * 24 * HOUR, end: now - HOUR } },
    profile,
    rateLimits: { 'kore-xo-admin-console': false },
  });
  try {
    const source = createSource(simulatorSourceConfig(sim, vendor), { rateLimit: false });
    try {
      return await probeSource(source);
    } finally {
      await source.close();
    }
  } finally {
    await sim.close();
  }
}

const value = (report: ProbeReport, name: string) =>
  report.findings.find((finding) => finding.name === name)?.value;

describe('probeSource', () => {
  it('Kore XO as documented: nothing to adapt', async () => {
    const report = await probe('kore-xo-admin-console', 'documented');
    expect({
      cap: value(report, 'page-cap'),
      sort: value(report, 'sort'),
      cursor: value(report, 'cursor'),
      offset: value(report, 'offset'),
      count: value(report, 'count'),
      bounds: value(report, 'bounds'),
    }).toEqual({
      cap: 'at least 100',
      sort: 'ascending',
      cursor: 'honoured',
      offset: 'page number',
      count: 'matching',
      bounds: 'inclusive',
    });
    expect(report.suggestedOptions).toEqual({});
    expect(typeof value(report, 'clock-offset')).toBe('number');
    expect(report.requests).toBeLessThanOrEqual(8);
  });

  it('Kore XO capped at 37, newest first, fetchAfter ignored, record offsets, exclusive bounds', async () => {
    const report = await probe('kore-xo-admin-console', {
      koreXo: {
        maxSize: 37,
        sort: 'time-desc',
        fetchAfter: 'ignored',
        offset: 'record',
        toDateInclusive: false,
      },
    });
    expect({
      cap: value(report, 'page-cap'),
      sort: value(report, 'sort'),
      cursor: value(report, 'cursor'),
      offset: value(report, 'offset'),
      bounds: value(report, 'bounds'),
    }).toEqual({
      cap: 37,
      sort: 'descending',
      cursor: 'ignored',
      offset: 'record index',
      bounds: 'exclusive (one or both)',
    });
    expect(report.suggestedOptions).toEqual({ pageSize: 37 });
  });

  it('Kore XO that rejects an oversized page: the cap it accepts', async () => {
    const report = await probe('kore-xo-admin-console', {
      koreXo: { maxSize: 40, oversize: 'reject' },
    });
    // Halved from 100 while refused: 25 is the size that is accepted and answered in full.
    expect(value(report, 'page-cap')).toBe(25);
    expect(report.suggestedOptions).toEqual({ pageSize: 25 });
  });

  it('AI for Work: a cap that is no round number', async () => {
    const report = await probe('kore-ai-for-work', { aiForWork: { hardCap: 137 } });
    expect(value(report, 'response-cap')).toBe(137);
    expect(report.suggestedOptions).toEqual({ responseCap: 137 });
  });

  it('AI for Work with no cap in reach: only what it saw, as a lower bound', async () => {
    const report = await probe('kore-ai-for-work', { aiForWork: { hardCap: false } }, 300);
    expect(value(report, 'response-cap')).toBe('at least 300');
    expect(report.suggestedOptions).toEqual({ responseCap: 300 });
  });

  it('Platform Management capped at 250 that always sorts newest first', async () => {
    const report = await probe('uipath-platform-audit', {
      uipathPlatform: { maxTop: 250, sortOrder: 'always-desc' },
    });
    expect({ cap: value(report, 'page-cap'), sort: value(report, 'sort') }).toEqual({
      cap: 250,
      sort: 'ignored (always descending)',
    });
    expect(report.suggestedOptions).toEqual({ pageSize: 250 });
  });

  it('Orchestrator capped at 300, ignoring $orderby and the Id keyset', async () => {
    const report = await probe('uipath-orchestrator-odata', {
      orchestrator: {
        maxTop: 300,
        orderby: 'ignored',
        defaultOrder: 'time-desc',
        filter: 'ignore-id',
      },
    });
    expect({
      cap: value(report, 'page-cap'),
      sort: value(report, 'sort'),
      cursor: value(report, 'cursor'),
    }).toEqual({ cap: 300, sort: 'ignored', cursor: 'ignored' });
  });

  it('Orchestrator as documented', async () => {
    const report = await probe('uipath-orchestrator-odata', 'documented');
    expect({
      cap: value(report, 'page-cap'),
      sort: value(report, 'sort'),
      cursor: value(report, 'cursor'),
      count: value(report, 'count'),
    }).toEqual({ cap: 'at least 1000', sort: 'honoured', cursor: 'honoured', count: 'present' });
  });

  it("Unified audit as UiPath's CLI describes it: maxCount clamped to 200, previous = older", async () => {
    const report = await probe('uipath-unified-audit', 'documented');
    expect({
      cap: value(report, 'page-cap'),
      cursor: value(report, 'cursor'),
      bounds: value(report, 'bounds'),
    }).toEqual({ cap: 200, cursor: 'previous = older', bounds: 'to inclusive' });
    expect(report.suggestedOptions).toEqual({});
  });

  it('Unified audit clamped at 37, `next` leading to older events, `to` exclusive', async () => {
    const report = await probe('uipath-unified-audit', {
      uipathUnified: { maxCount: 37, cursorDirection: 'next-older', toInclusive: false },
    });
    expect({
      cap: value(report, 'page-cap'),
      cursor: value(report, 'cursor'),
      bounds: value(report, 'bounds'),
    }).toEqual({ cap: 37, cursor: 'next = older', bounds: 'to exclusive' });
    expect(report.suggestedOptions).toEqual({ pageSize: 37 });
  });
});

describe('probeSource on every simulated vendor', () => {
  it.each(VENDORS)(
    '%s as documented: findings, and suggestions its config takes (what --write stores)',
    async (vendor) => {
      const now = Date.now();
      const sim = await startSimulator({
        seed: 'probe-every',
        data: { [vendor]: { count: 300, start: now - 5 * 24 * HOUR, end: now - HOUR } },
        profile: 'documented',
        rateLimits: { 'kore-xo-admin-console': false },
      });
      try {
        const config = simulatorSourceConfig(sim, vendor);
        const source = createSource(config, { rateLimit: false });
        const report = await probeSource(source).finally(() => source.close());
        expect(report.findings.length).toBeGreaterThan(0);
        const written = parseSourceConfig({
          ...config,
          options: { ...(config.options as object), ...report.suggestedOptions },
        });
        expect(written.options).toMatchObject(report.suggestedOptions);
      } finally {
        await sim.close();
      }
    },
  );
});
