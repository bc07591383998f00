import { guardCsvFormula, type AuditEvent } from '@auditrelay/core';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvFormatter, jsonFormatter, ndjsonFormatter, tableFormatter } from './formatters.js';

const event = (id: string, description = 'User "a" did, things'): AuditEvent => ({
  schemaVersion: 1,
  id,
  dedupeKey: `t:s:${id}`,
  source: { type: 't', id: 's' },
  occurredAt: '2026-11-01T00:00:00.000Z',
  originalTime: '2026-11-01T00:00:00Z',
  actor: { email: 'a@b.co' },
  action: 'Login',
  activity: 'login',
  category: 'Login/Logout',
  outcome: 'success',
  changes: [],
  description,
  raw: { vendor: id },
});

const render = (formatter: ReturnType<typeof jsonFormatter>, events: AuditEvent[]) =>
  formatter.start() + events.map((e) => formatter.event(e)).join('') + formatter.end();

describe('formatters', () => {
  it('json is a valid array, empty or not; ndjson one object per line; --raw gives vendor records', () => {
    expect(JSON.parse(render(jsonFormatter(false), []))).toEqual([]);
    expect(
      (JSON.parse(render(jsonFormatter(false), [event('1'), event('2')])) as AuditEvent[]).map(
        (e) => e.id,
      ),
    ).toEqual(['1', '2']);
    expect(render(ndjsonFormatter(true), [event('1'), event('2')])).toBe(
      '{"vendor":"1"}\n{"vendor":"2"}\n',
    );
  });

  it('csv quotes commas and quotes and keeps one row per event', () => {
    const rows = parse<Record<string, string>>(
      render(csvFormatter(false, guardCsvFormula), [event('1'), event('2', 'line\nbreak')]),
      {
        columns: true,
      },
    );
    expect(rows.map((r) => r.description)).toEqual(['User "a" did, things', 'line\nbreak']);
    expect(rows[0]).toMatchObject({ id: '1', actorEmail: 'a@b.co', action: 'Login', source: 's' });
  });

  it('table fits the terminal width', () => {
    for (const width of [60, 80, 120, 200]) {
      const lines = render(tableFormatter(width), [event('1', 'x'.repeat(300))])
        .trimEnd()
        .split('\n');
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
      expect(lines[0]).toMatch(/^TIME \(UTC\)\s+SOURCE\s+ACTOR\s+ACTION\s+CATEGORY/);
    }
    const wide = render(tableFormatter(200), [event('1', 'x'.repeat(300))]).split('\n');
    expect(wide[0]).toContain('DESCRIPTION');
    expect(wide[1]).toContain('x…');
  });
});
