// @ts-check
import { createReadStream } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** @typedef {import('@auditrelay/plugin-auditlogs').SourceRegistration} SourceRegistration */
/** @typedef {import('@auditrelay/plugin-auditlogs').FormatRegistration} FormatRegistration */

/** @type {SourceRegistration} */
const ndjsonFileSource = {
  apiVersion: 1,
  kind: 'source',
  type: 'ndjson-file',
  description: 'Replay normalized events from an NDJSON file (options.path)',
  create(config, context) {
    const file = config.options?.path;
    if (typeof file !== 'string' || file === '')
      throw new Error('options.path: expected the path of an NDJSON file');
    const path = isAbsolute(file) ? file : resolve(context.configDir, file);
    return {
      id: config.id,
      type: config.type,
      name: config.name ?? config.id,
      capabilities: { persistentCursor: false, timeSlicing: false, filters: [], download: false },
      async *read(request) {
        const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
        const start = request.start?.getTime() ?? -Infinity;
        const end = request.end.getTime();
        let page = [];
        for await (const line of lines) {
          if (!line.trim()) continue;
          const event = JSON.parse(line);
          const time = Date.parse(event.occurredAt);
          if (time < start || time > end) continue;
          page.push(event);
          if (page.length === 500) {
            yield { events: page };
            page = [];
          }
        }
        yield { events: page };
      },
      async check() {
        const { stat } = await import('node:fs/promises');
        const info = await stat(path);
        return { ok: true, message: `${path} (${info.size} bytes)` };
      },
      async close() {},
    };
  },
};

/** @type {FormatRegistration} */
const markdownFormat = {
  apiVersion: 1,
  kind: 'format',
  id: 'markdown',
  description: 'A Markdown table',
  create() {
    const cell = (/** @type {unknown} */ value) =>
      String(value ?? '')
        .replace(/\|/g, '\\|')
        .replace(/\s+/g, ' ');
    return {
      start: () => '| Time (UTC) | Source | Actor | Action | Category |\n|---|---|---|---|---|\n',
      event: (e) =>
        `| ${cell(e.occurredAt)} | ${cell(e.source.id)} | ${cell(e.actor.email ?? e.actor.name)} | ${cell(e.action)} | ${cell(e.category)} |\n`,
      end: () => '',
    };
  },
};

/** The hook: return registrations as plain objects. */
export default async function registerSources() {
  return [ndjsonFileSource, markdownFormat];
}
