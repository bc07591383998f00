import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../models/audit-event.js';
import { toOcsf } from '../mappings/ocsf.js';
import { CSV_COLUMNS } from './csv-columns.js';
import { EVENT_FORMATS, createEventFormat, type EventFormat } from './event-format.js';
import { EVENT_RECORD_SHAPES, toEventRecord } from './event-record.js';

const event = (id: string, description = 'User "a" did, things'): AuditEvent => ({
  schemaVersion: 1,
  id,
  dedupeKey: `t:s:${id}`,
  source: { type: 'kore-ai-for-work', id: 'kore' },
  occurredAt: '2026-11-01T00:00:00.000Z',
  originalTime: '2026-11-01T00:00:00Z',
  actor: { email: 'a@b.co', name: '=HYPERLINK("https://evil.example")' },
  action: 'Login',
  activity: 'login',
  category: 'Login/Logout',
  outcome: 'success',
  changes: [{ field: 'role', from: 'a', to: 'b' }],
  description,
  raw: { vendor: id, note: '@SUM(1)' },
});

function render<E>(format: EventFormat<E>, items: E[]): string {
  return format.header() + items.map((item) => format.event(item)).join('') + format.footer();
}

describe('createEventFormat', () => {
  it('csv: one documented column set, RFC 4180 quoting, no formula cells', () => {
    const text = render(createEventFormat('csv'), [event('1'), event('2', 'line\nbreak')]);
    expect(text.split('\r\n')[0]).toBe(
      'occurredAt,sourceId,sourceType,eventId,actorId,actorName,actorEmail,actorType,action,activity,category,targetType,targetId,targetName,description,sourceIp,outcome,changes,dedupeKey',
    );
    const rows = parse<Record<string, string>>(text, { columns: true });
    expect(rows.map((row) => row.description)).toEqual(['User "a" did, things', 'line\nbreak']);
    expect(rows[0]).toMatchObject({
      eventId: '1',
      sourceId: 'kore',
      sourceType: 'kore-ai-for-work',
      actorName: `'=HYPERLINK("https://evil.example")`,
      changes: '[{"field":"role","from":"a","to":"b"}]',
    });
    expect(Object.keys(rows[0]!)).toEqual(CSV_COLUMNS.map(([name]) => name));
  });

  it('csv --raw: which record and the vendor record as JSON, guarded too', () => {
    const rows: string[][] = parse(render(createEventFormat('csv', { raw: true }), [event('1')]));
    expect(rows).toEqual([
      ['sourceId', 'eventId', 'raw'],
      ['kore', '1', '{"vendor":"1","note":"@SUM(1)"}'],
    ]);
    expect(render(createEventFormat('csv', { header: false }), [])).toBe('');
  });

  it('json is a valid array, empty or not; ndjson one object per line', () => {
    expect(JSON.parse(render(createEventFormat('json'), []))).toEqual([]);
    const two = JSON.parse(render(createEventFormat('json'), [event('1'), event('2')]));
    expect((two as AuditEvent[]).map((e) => e.id)).toEqual(['1', '2']);
    expect(render(createEventFormat('ndjson', { raw: true }), [event('1'), event('2')])).toBe(
      '{"vendor":"1","note":"@SUM(1)"}\n{"vendor":"2","note":"@SUM(1)"}\n',
    );
  });

  it('ocsf and ecs write one mapped document per line', () => {
    const line = render(createEventFormat('ocsf'), [event('1')]);
    expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(toOcsf(event('1')))));
    expect(JSON.parse(render(createEventFormat('ecs'), [event('1')]))).toMatchObject({
      '@timestamp': '2026-11-01T00:00:00.000Z',
    });
  });

  it('a host envelope adds its fields to objects and as the last csv columns', () => {
    const stored = { storeId: '7', ingestedAt: '2026-11-02T00:00:00.000Z', event: event('1') };
    const envelope = {
      event: (item: typeof stored) => item.event,
      fields: [
        ['storeId', (item: typeof stored) => item.storeId],
        ['ingestedAt', (item: typeof stored) => item.ingestedAt],
      ] as const,
    };
    const rows: string[][] = parse(render(createEventFormat('csv', { envelope }), [stored]));
    expect(rows[0]!.slice(-3)).toEqual(['dedupeKey', 'storeId', 'ingestedAt']);
    expect(rows[1]!.slice(-2)).toEqual(['7', '2026-11-02T00:00:00.000Z']);
    expect(JSON.parse(render(createEventFormat('ndjson', { envelope }), [stored]))).toMatchObject({
      id: '1',
      storeId: '7',
    });
  });

  it('names its formats with content types and extensions', () => {
    expect(
      EVENT_FORMATS.map((name) => {
        const format = createEventFormat(name);
        return `${name} ${format.fileExtension} ${format.contentType}`;
      }),
    ).toMatchInlineSnapshot(`
      [
        "json json application/json; charset=utf-8",
        "ndjson ndjson application/x-ndjson; charset=utf-8",
        "csv csv text/csv; charset=utf-8",
        "ocsf ocsf.ndjson application/x-ndjson; charset=utf-8",
        "ecs ecs.ndjson application/x-ndjson; charset=utf-8",
      ]
    `);
  });
});

describe('toEventRecord', () => {
  it('hands an event on whole, without raw, as raw, or as an OCSF/ECS document', () => {
    const full = event('1');
    expect(toEventRecord(full, 'event')).toBe(full);
    const withoutRaw = toEventRecord(full, 'event-without-raw');
    expect(withoutRaw).not.toHaveProperty('raw');
    expect(withoutRaw).toEqual(
      Object.fromEntries(Object.entries(full).filter(([k]) => k !== 'raw')),
    );
    expect(toEventRecord(full, 'raw')).toEqual({ vendor: '1', note: '@SUM(1)' });
    expect(toEventRecord(full, 'ocsf')).toEqual(toOcsf(full));
    expect(EVENT_RECORD_SHAPES).toEqual(['event', 'event-without-raw', 'raw', 'ocsf', 'ecs']);
  });
});
