import { Flags } from '@oclif/core';
import { SOURCE_DEFINITIONS } from '@auditrelay/core';
import { AuditCommand } from '../../base-command.js';
import { CliError } from '../../cli-error.js';
import { EXIT_CODES, EXIT_CODES_HELP } from '../../exit-codes.js';
import { OutputSink } from '../../output/sink.js';
import { resolveFormatter } from '../../output/resolve-format.js';
import { terminalText } from '../../output/terminal-text.js';
import { FILTER_FLAGS, filtersFromFlags, parseFilterPairs } from '../../config/filter-flags.js';
import { parseTimeFlag } from '../../time-range.js';

/** The registered types with a CSV download, which the help names. */
const DOWNLOADS = SOURCE_DEFINITIONS.filter((definition) => definition.capabilities.download);
const exampleIds = DOWNLOADS.flatMap(({ example }) => (example ? [example.id] : []));

export default class Download extends AuditCommand {
  static summary = `Download a source's audit log file (${DOWNLOADS.map((definition) => definition.displayName).join(', ')}).`;

  static description = `Streams the vendor's CSV file as is (--format csv, the default), or normalizes its rows to
events (--format ndjson|json). What a download takes depends on the vendor's endpoint: some return
the newest --size entries and have no time filter, others take --from/--to and one value per
filter (--filter name=value or the filter's own flag). A source refuses what its download does not
take, with an error that says what it does take.

The CSV goes to a file or a pipe byte for byte, unchanged: it is the vendor's file, not guarded
against formulas (--format csv of \`auditlogs fetch\` is). Printed on a terminal, its control
characters and escape sequences are removed. The download stops at the source's
maxDownloadMegabytes (default 1024).

${EXIT_CODES_HELP}`;

  static examples = [
    ...exampleIds.map(
      (id) => `<%= config.bin %> <%= command.id %> --source ${id} --output ${id}.csv`,
    ),
    {
      description: 'A download without a time filter: its newest 5000 entries, as events.',
      command: '<%= config.bin %> <%= command.id %> --source <id> --size 5000 --format ndjson',
    },
    {
      description: 'A download with a time filter: the last 7 days, one value of a filter.',
      command:
        '<%= config.bin %> <%= command.id %> --source <id> --from 7d --filter <name>=<value> --output week.csv',
    },
  ];

  static flags = {
    size: Flags.integer({
      summary: 'How many of the newest entries to include (downloads without a time filter).',
      min: 1,
    }),
    from: Flags.string({
      summary:
        'Start of the range (downloads with a time filter): ISO date/time or a duration back (24h, 7d).',
    }),
    to: Flags.string({
      summary:
        'End of the range (downloads with a time filter): ISO date/time, "now", or a duration back.',
    }),
    filter: Flags.string({
      summary: 'Vendor filter as name=value (repeatable); the FILTERS flags set the same.',
      multiple: true,
    }),
    ...FILTER_FLAGS,
    language: Flags.string({ summary: 'Language of messages and categories (en, fr, de, ja, …).' }),
    format: Flags.string({
      char: 'f',
      summary: 'csv (the vendor file, untouched), ndjson or json (normalized), ocsf or ecs.',
      default: 'csv',
    }),
    output: Flags.string({ char: 'o', summary: 'Write to this file instead of stdout.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Download);
    const now = Date.now();
    const start =
      flags.from === undefined ? undefined : await parseTimeFlag('from', flags.from, now);
    const end = flags.to === undefined ? undefined : await parseTimeFlag('to', flags.to, now);
    const filters = { ...parseFilterPairs(flags.filter), ...filtersFromFlags(flags) };
    const { sources } = await this.loadSources(flags);
    try {
      if (sources.length !== 1) {
        throw new CliError(
          `download needs exactly one source (--source <id>); ${sources.length} selected.`,
          { code: 'USAGE', exitCode: EXIT_CODES.usage },
        );
      }
      const { source } = sources[0]!;
      const downloadable = source as typeof source & {
        downloadCsv?: (o: {
          size?: number;
          language?: string;
          start?: Date;
          end?: Date;
          filters?: Record<string, string>;
          signal?: AbortSignal;
        }) => Promise<AsyncIterable<Uint8Array>>;
      };
      if (!source.capabilities.download || typeof downloadable.downloadCsv !== 'function') {
        throw new CliError(
          `Source "${source.id}" (${source.type}) has no download endpoint; only ${DOWNLOADS.map((definition) => definition.type).join(', ')} ${DOWNLOADS.length === 1 ? 'does' : 'do'}.`,
          { code: 'USAGE', exitCode: EXIT_CODES.usage },
        );
      }
      const sink = flags.output ? await OutputSink.file(flags.output) : OutputSink.stdout();
      try {
        const csv = await downloadable.downloadCsv({
          ...(flags.size === undefined ? {} : { size: flags.size }),
          ...(flags.language === undefined ? {} : { language: flags.language }),
          ...(start ? { start } : {}),
          ...(end ? { end } : {}),
          ...(Object.keys(filters).length > 0 ? { filters } : {}),
          signal: this.abort.signal,
        });
        if (flags.format === 'csv') {
          // One decoder for the stream: a character split across chunks stays whole.
          const decoder = new TextDecoder('utf-8');
          const toTerminal = !flags.output && Boolean(process.stdout.isTTY);
          const out = (text: string) =>
            toTerminal ? terminalText(text, { multiline: true }) : text;
          for await (const chunk of csv)
            await sink.write(out(decoder.decode(chunk, { stream: true })));
          await sink.write(out(decoder.decode()));
        } else {
          const formatter = await resolveFormatter(
            flags.format,
            { raw: false, allowed: ['ndjson', 'json', 'ocsf', 'ecs'] },
            () => this.registrations(),
          );
          const { parseDownloadCsv } = await import('@auditrelay/core');
          await sink.write(formatter.start());
          for await (const event of parseDownloadCsv(csv, { type: source.type, id: source.id }))
            await sink.write(formatter.event(event));
          await sink.write(formatter.end());
        }
      } finally {
        await sink.close();
      }
    } finally {
      await Promise.all(sources.map(({ source }) => source.close()));
    }
  }
}
