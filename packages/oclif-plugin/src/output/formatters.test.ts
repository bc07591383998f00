import { CSV_COLUMNS, EVENT_FORMATS, type AuditEvent } from '@auditrelay/core';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { EventFormatter } from '../extension/registration.js';
import { BUILT_IN_FORMATS } from './format-names.js';
import { tableFormatter } from './formatters.js';
import { resolveFormatter } from './resolve-format.js';

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

const render = (formatter: EventFormatter, events: AuditEvent[]) =>
  formatter.start() + events.map((e) => formatter.event(e)).join('') + formatter.end();

describe('formatters', () => {
  it('every core format is a --format value, and csv is the core column set', async () => {
    expect(BUILT_IN_FORMATS).toEqual(['table', ...EVENT_FORMATS]);
    const none = () => Promise.reject(new Error('no registrations needed'));
    const csv = await resolveFormatter('csv', { raw: false }, none);
    const rows = parse<Record<string, string>>(render(csv, [event('1'), event('2', '=1+1')]), {
      columns: true,
    });
    expect(Object.keys(rows[0]!)).toEqual(CSV_COLUMNS.map(([name]) => name));
    expect(rows.map((r) => [r.eventId, r.sourceId, r.description])).toEqual([
      ['1', 's', 'User "a" did, things'],
      ['2', 's', `'=1+1`],
    ]);
    const json = await resolveFormatter('json', { raw: true }, none);
    expect(JSON.parse(render(json, [event('1')]))).toEqual([{ vendor: '1' }]);
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
