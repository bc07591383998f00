import type { EventFormatter } from '../extension/registration.js';
import { terminalText } from './terminal-text.js';

// ndjson, json, csv, ocsf and ecs are the core's formats (`createEventFormat`); only the
// terminal table is the CLI's own.

function fit(text: string, width: number): string {
  const flat = terminalText(text).replace(/\s+/g, ' ');
  if (flat.length <= width) return flat.padEnd(width);
  return width <= 1 ? flat.slice(0, width) : `${flat.slice(0, width - 1)}…`;
}

/**
 * A streamed table sized to the terminal: fixed columns for time, source, actor, action and
 * category; the description takes what is left (or is dropped on narrow terminals).
 */
export function tableFormatter(columns: number | undefined): EventFormatter {
  const total = Math.max(60, columns ?? 160);
  // Narrow terminals drop the milliseconds from the time column.
  const time = total < 100 ? 20 : 24;
  const desired = { source: 14, actor: 24, action: 22, category: 16 };
  const minimum = { source: 6, actor: 10, action: 8, category: 8 };
  const desiredSum = Object.values(desired).reduce((a, b) => a + b, 0);
  // Five gaps between six columns; the description only when at least 20 characters remain.
  const withDescription = total - (time + desiredSum + 5) >= 20;
  const room = withDescription ? desiredSum : total - time - 4;
  const scale = Math.min(1, room / desiredSum);
  const widths = Object.fromEntries(
    Object.entries(desired).map(([key, width]) => [
      key,
      Math.max(minimum[key as keyof typeof minimum], Math.floor(width * scale)),
    ]),
  ) as typeof desired;
  const rest = total - (time + Object.values(widths).reduce((a, b) => a + b, 0) + 5);
  const row = (cells: [string, string, string, string, string, string]) => {
    const [at, source, actor, action, category, description] = cells;
    const out = [
      fit(time === 24 ? at : at.replace(/\.\d{3}Z$/, 'Z'), time),
      fit(source, widths.source),
      fit(actor, widths.actor),
      fit(action, widths.action),
      fit(category, widths.category),
    ];
    if (withDescription) out.push(fit(description, rest));
    return `${out.join(' ').trimEnd().slice(0, total)}\n`;
  };
  return {
    start: () => row(['TIME (UTC)', 'SOURCE', 'ACTOR', 'ACTION', 'CATEGORY', 'DESCRIPTION']),
    event: (e) =>
      row([
        e.occurredAt,
        e.source.id,
        e.actor.email ?? e.actor.name ?? e.actor.id ?? '',
        e.action,
        e.category,
        e.description ?? '',
      ]),
    end: () => '',
  };
}
