import type { AuditEvent } from '@auditrelay/core';
import { terminalText } from './terminal-text.js';

/** Counts by source, category and action, plus the first few events of each source. */
export class Summary {
  readonly bySource = new Map<
    string,
    { type: string; events: number; seconds: number; error?: string }
  >();
  readonly byCategory = new Map<string, number>();
  readonly byAction = new Map<string, number>();
  readonly samples: AuditEvent[] = [];

  constructor(private readonly sampleSize: number) {}

  add(event: AuditEvent): void {
    const source = this.bySource.get(event.source.id);
    if (source) source.events++;
    const category = `${event.source.id} / ${event.category || '(none)'}`;
    this.byCategory.set(category, (this.byCategory.get(category) ?? 0) + 1);
    const action = `${event.source.id} / ${event.action || '(none)'}`;
    this.byAction.set(action, (this.byAction.get(action) ?? 0) + 1);
    const taken = this.samples.filter((sample) => sample.source.id === event.source.id).length;
    if (taken < this.sampleSize) this.samples.push(event);
  }

  render(columns = 120): string {
    const lines: string[] = [];
    const table = (title: string, headers: string[], cells: string[][]) => {
      // Vendor text is printed for a person: no control sequence reaches the terminal.
      const rows = cells.map((row) => row.map((cell) => terminalText(cell)));
      const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      lines.push('', title);
      lines.push(
        headers
          .map((h, i) => h.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      );
      lines.push(widths.map((w) => '─'.repeat(w)).join('  '));
      for (const row of rows)
        lines.push(
          row
            .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!)))
            .join('  ')
            .slice(0, columns),
        );
    };
    table(
      'Events by source',
      ['SOURCE', 'TYPE', 'EVENTS', 'SECONDS', 'STATUS'],
      [...this.bySource].map(([id, s]) => [
        id,
        s.type,
        String(s.events),
        s.seconds.toFixed(2),
        s.error ? `failed: ${s.error}` : 'ok',
      ]),
    );
    const top = (map: Map<string, number>, n: number) =>
      [...map]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, n)
        .map(([k, v]) => [k, String(v)]);
    table('Top categories', ['SOURCE / CATEGORY', 'EVENTS'], top(this.byCategory, 12));
    table('Top actions', ['SOURCE / ACTION', 'EVENTS'], top(this.byAction, 12));
    if (this.samples.length > 0) {
      table(
        'Sample events',
        ['TIME (UTC)', 'SOURCE', 'ACTOR', 'ACTION', 'DESCRIPTION'],
        this.samples.map((e) => [
          e.occurredAt,
          e.source.id,
          e.actor.email ?? e.actor.name ?? '',
          e.action,
          (e.description ?? '').slice(0, 60),
        ]),
      );
    }
    return `${lines.join('\n').replace(/^\n/, '')}\n`;
  }
}
