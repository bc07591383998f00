import { Flags } from '@oclif/core';
import { SOURCE_DEFINITIONS } from '@auditrelay/core';
import { AuditCommand } from '../../base-command.js';
import { CliError, toCliError } from '../../cli-error.js';
import { EXIT_CODES, EXIT_CODES_HELP } from '../../exit-codes.js';
import { resolveSourceEntries } from '../../config/load-sources.js';
import { terminalText } from '../../output/terminal-text.js';

export interface SourceListEntry {
  id: string;
  type: string;
  name?: string;
  baseUrl?: string;
  check?: { ok: boolean; message: string; code?: string; milliseconds: number };
}

/** A YAML flow map of plain scalars: `{ organization: acme, tenant: DefaultTenant }`. */
const flow = (values: Record<string, unknown>) =>
  `{ ${Object.entries(values)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ')} }`;

/** One entry per registered type, from its definition's example. */
const CONFIG_EXAMPLE = [
  'CONFIG FILE (auditrelay.config.yaml)',
  '  sources:',
  ...SOURCE_DEFINITIONS.flatMap(({ type, example }) =>
    example
      ? [
          `    - id: ${example.id}`,
          `      type: ${type}`,
          `      baseUrl: ${example.baseUrl}`,
          `      credentials: ${flow(example.credentials)}`,
          ...(example.options ? [`      options: ${flow(example.options)}`] : []),
        ]
      : [],
  ),
].join('\n');

/** A URL as it may be shown: without credentials in its userinfo. */
function withoutUserinfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

export default class Sources extends AuditCommand {
  static summary = 'List the configured sources; with --check, test each connection.';

  static description = `--check authenticates and makes one small request per source, in parallel, and prints a
verdict for each. Credentials are never printed.

${CONFIG_EXAMPLE}

${EXIT_CODES_HELP}`;

  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --check',
    '<%= config.bin %> <%= command.id %> --check --json',
  ];

  static flags = {
    check: Flags.boolean({ summary: 'Test each connection (auth + one small request).' }),
    types: Flags.boolean({
      summary: 'List the available source types (built in and from plugins) instead.',
    }),
  };

  async run(): Promise<
    SourceListEntry[] | Array<{ type: string; description: string; plugin: string }>
  > {
    const { flags } = await this.parse(Sources);
    if (flags.types) return this.listTypes();
    let entries: SourceListEntry[];
    /** A failed check's exit code (the core's table); a check that answered "not ok" is a vendor failure. */
    const exitCodes = new Map<string, number>();
    if (!flags.check) {
      const { entries: raw } = await resolveSourceEntries({
        configFlag: flags.config,
        sourceFlags: flags.source,
        env: process.env,
      });
      entries = raw.map(({ value }) => ({
        id: String(value.id),
        type: String(value.type),
        ...(typeof value.name === 'string' ? { name: value.name } : {}),
        ...(typeof value.baseUrl === 'string' ? { baseUrl: withoutUserinfo(value.baseUrl) } : {}),
      }));
    } else {
      const { sources } = await this.loadSources(flags);
      entries = await Promise.all(
        sources.map(async ({ source }) => {
          const started = performance.now();
          try {
            const result = await source.check(this.abort.signal);
            return {
              id: source.id,
              type: source.type,
              name: source.name,
              check: {
                ok: result.ok,
                message: result.message,
                milliseconds: Math.round(performance.now() - started),
              },
            };
          } catch (error) {
            const cliError = toCliError(error);
            exitCodes.set(source.id, cliError.exitCode);
            return {
              id: source.id,
              type: source.type,
              name: source.name,
              check: {
                ok: false,
                message: cliError.message,
                code: cliError.code,
                milliseconds: Math.round(performance.now() - started),
              },
            };
          } finally {
            await source.close();
          }
        }),
      );
    }
    if (!this.jsonEnabled()) this.printTable(entries, flags.check);
    const failed = entries.filter((e) => e.check && !e.check.ok);
    if (failed.length > 0) {
      const exitCode =
        failed.length < entries.length
          ? EXIT_CODES.partial
          : (exitCodes.get(failed[0]!.id) ?? EXIT_CODES.vendor);
      if (this.jsonEnabled()) {
        // The verdicts are the output; the exit code says that some failed.
        this.logJson(entries);
        this.exit(exitCode);
      }
      throw new CliError(
        `${failed.length} of ${entries.length} source check${entries.length > 1 ? 's' : ''} failed: ${failed.map((f) => f.id).join(', ')}.`,
        {
          code: 'CHECK_FAILED',
          exitCode,
        },
      );
    }
    return entries;
  }

  private async listTypes() {
    const { SOURCE_DEFINITIONS } = await import('@auditrelay/core');
    const builtIn = SOURCE_DEFINITIONS.map((definition) => ({
      type: definition.type,
      description: definition.description,
      plugin: 'built in',
    }));
    const registered = [...(await this.registrations()).sources.values()].map((r) => ({
      type: r.type,
      description: r.description,
      plugin: r.plugin,
    }));
    const all = [...builtIn, ...registered];
    if (!this.jsonEnabled()) {
      const width = Math.max(...all.map((t) => t.type.length));
      for (const t of all)
        this.log(terminalText(`${t.type.padEnd(width)}  ${t.description} [${t.plugin}]`));
    }
    return all;
  }

  private printTable(entries: SourceListEntry[], checked: boolean): void {
    // Check messages quote the vendor; config values are the user's: neither may drive the terminal.
    const rows = this.rows(entries, checked).map((row) => row.map((cell) => terminalText(cell)));
    const headers = checked
      ? ['ID', 'TYPE', 'STATUS', 'TIME', 'DETAIL']
      : ['ID', 'TYPE', 'BASE URL'];
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const columns = process.stdout.columns ?? 160;
    const line = (cells: string[]) =>
      cells
        .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .slice(0, columns);
    this.log(line(headers));
    for (const row of rows) this.log(line(row));
  }

  private rows(entries: SourceListEntry[], checked: boolean): string[][] {
    return entries.map((e) => {
      const base = [e.id, e.type, e.baseUrl ?? ''];
      if (!checked) return base;
      return [
        e.id,
        e.type,
        e.check?.ok ? 'ok' : 'FAILED',
        `${e.check?.milliseconds ?? 0}ms`,
        e.check?.message ?? '',
      ];
    });
  }
}
