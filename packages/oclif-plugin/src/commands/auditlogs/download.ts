import { Flags } from '@oclif/core';
import { AuditCommand } from '../../base-command.js';
import { CliError } from '../../cli-error.js';
import { EXIT_CODES, EXIT_CODES_HELP } from '../../exit-codes.js';
import { OutputSink } from '../../output/sink.js';
import { resolveFormatter } from '../../output/resolve-format.js';
import { terminalText } from '../../output/terminal-text.js';

export default class Download extends AuditCommand {
  static summary =
    'Download the UiPath Platform Management audit log file (the "Download Audit Logs" endpoint).';

  static description = `Streams the vendor's CSV file as is (--format csv, the default), or normalizes its rows to
events (--format ndjson|json). The endpoint returns the newest --size entries; it has no time filter.

The CSV goes to a file or a pipe byte for byte, unchanged: it is the vendor's file, not guarded
against formulas (--format csv of \`auditlogs fetch\` is). Printed on a terminal, its control
characters and escape sequences are removed. The download stops at the source's
maxDownloadMegabytes (default 1024).

${EXIT_CODES_HELP}`;

  static examples = [
    '<%= config.bin %> <%= command.id %> --source uipath-org --output audit.csv',
    '<%= config.bin %> <%= command.id %> --source uipath-org --size 5000 --format ndjson',
  ];

  static flags = {
    size: Flags.integer({ summary: 'How many of the newest entries to include.', min: 1 }),
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
          signal?: AbortSignal;
        }) => Promise<AsyncIterable<Uint8Array>>;
      };
      if (!source.capabilities.download || typeof downloadable.downloadCsv !== 'function') {
        const { SOURCE_DEFINITIONS } = await import('@auditrelay/core');
        const able = SOURCE_DEFINITIONS.filter((definition) => definition.capabilities.download);
        throw new CliError(
          `Source "${source.id}" (${source.type}) has no download endpoint; only ${able.map((definition) => definition.type).join(', ')} ${able.length === 1 ? 'does' : 'do'}.`,
          { code: 'USAGE', exitCode: EXIT_CODES.usage },
        );
      }
      const sink = flags.output ? await OutputSink.file(flags.output) : OutputSink.stdout();
      try {
        const csv = await downloadable.downloadCsv({
          size: flags.size,
          language: flags.language,
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
          const { parseUipathAuditCsv } = await import('@auditrelay/core');
          await sink.write(formatter.start());
          for await (const event of parseUipathAuditCsv(csv, { type: source.type, id: source.id }))
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
