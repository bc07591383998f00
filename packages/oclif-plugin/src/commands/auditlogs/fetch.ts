import { Flags } from '@oclif/core';
import type { AuditEvent, CompletenessReport } from '@auditrelay/core';
import { AuditCommand } from '../../base-command.js';
import { CliError, toCliError } from '../../cli-error.js';
import { FILTER_FLAGS, filtersFromFlags, parseFilterPairs } from '../../config/filter-flags.js';
import { EXIT_CODES, EXIT_CODES_HELP } from '../../exit-codes.js';
import { OutputSink } from '../../output/sink.js';
import { resolveFormatter } from '../../output/resolve-format.js';
import { Summary } from '../../output/summary.js';
import { Progress } from '../../progress.js';
import { terminalText } from '../../output/terminal-text.js';
import { parseTimeFlag } from '../../time-range.js';

export interface FetchResult {
  events: number;
  sources: Array<{
    id: string;
    type: string;
    events: number;
    error?: { code: string; message: string };
  }>;
  /** Per source: what was delivered and how its completeness was shown. */
  completeness: CompletenessReport[];
}

export default class Fetch extends AuditCommand {
  static summary =
    'Fetch audit events of a time range from one, several or all configured sources.';

  static description = `Streams normalized events page by page (flat memory, however many) to stdout or --output.
Without --format: a table on a terminal, NDJSON when piped. Progress goes to stderr, only on a terminal.

${EXIT_CODES_HELP}`;

  static examples = [
    '<%= config.bin %> <%= command.id %> --from 24h',
    '<%= config.bin %> <%= command.id %> --source kore-prod --from 2026-11-01 --to 2026-11-02 --format csv --output nov1.csv',
    '<%= config.bin %> <%= command.id %> --source ai4w --entity usergroup --action delete --from 7d --format ndjson',
    '<%= config.bin %> <%= command.id %> --from 30d --summary',
  ];

  static flags = {
    from: Flags.string({
      summary: 'Start of the range: ISO date/time or a duration back from now (24h, 7d).',
      default: '24h',
      noCacheDefault: true,
    }),
    to: Flags.string({
      summary: 'End of the range: ISO date/time, "now", or a duration back from now.',
      default: 'now',
      noCacheDefault: true,
    }),
    format: Flags.string({
      char: 'f',
      summary:
        'Output format: table, json, ndjson, csv, ocsf (OCSF 1.8 NDJSON), ecs (Elastic Common Schema NDJSON), or one added by a plugin.',
    }),
    output: Flags.string({ char: 'o', summary: 'Write events to this file instead of stdout.' }),
    limit: Flags.integer({ char: 'n', summary: 'Stop after this many events in all.', min: 1 }),
    raw: Flags.boolean({
      summary: 'Output the vendor records untouched instead of normalized events.',
    }),
    summary: Flags.boolean({
      summary:
        'Print counts by source, category and action plus sample events instead of every event.',
    }),
    samples: Flags.integer({
      summary: 'Sample events per source shown with --summary.',
      default: 2,
      min: 0,
    }),
    concurrency: Flags.integer({
      summary: 'Split the range into N time slices fetched in parallel (one shared rate budget).',
      default: 1,
      min: 1,
      max: 32,
    }),
    filter: Flags.string({
      summary: 'Vendor filter as name=value (repeatable), e.g. entity=role.',
      multiple: true,
    }),
    ...FILTER_FLAGS,
  };

  async run(): Promise<FetchResult> {
    const { flags } = await this.parse(Fetch);
    const now = Date.now();
    const from = await parseTimeFlag('from', flags.from, now);
    const to = await parseTimeFlag('to', flags.to, now);
    if (from.getTime() > to.getTime()) {
      throw new CliError(
        `--from (${from.toISOString()}) is after --to (${to.toISOString()}); swap them.`,
        { code: 'USAGE', exitCode: EXIT_CODES.usage },
      );
    }
    const filters = { ...parseFilterPairs(flags.filter), ...filtersFromFlags(flags) };

    const { sources } = await this.loadSources(flags);
    const toStdout = !flags.output;
    // `--json` alone: one JSON document on stdout, events and completeness together.
    const envelope = this.jsonEnabled() && !flags.format && !flags.summary;
    const format =
      flags.format ??
      (this.jsonEnabled() ? 'json' : toStdout && process.stdout.isTTY ? 'table' : 'ndjson');
    const summary = flags.summary ? new Summary(flags.samples) : undefined;
    const formatter = summary
      ? undefined
      : await resolveFormatter(format, { raw: flags.raw, columns: process.stdout.columns }, () =>
          this.registrations(),
        );
    const sink = summary
      ? undefined
      : toStdout
        ? OutputSink.stdout()
        : await OutputSink.file(flags.output!);
    const progress = new Progress(Boolean(process.stderr.isTTY) && !this.jsonEnabled());
    const result: FetchResult = { events: 0, sources: [], completeness: [] };
    const failures: CliError[] = [];
    const { fetchEvents, describeReport } = await import('@auditrelay/core');
    if (envelope && toStdout) await sink!.write('{"events":');

    // The format's opening (e.g. `[`) is written with the first event, so a run that fails before
    // any event leaves stdout to the error alone.
    let started = false;
    // A page of events is written at once: one write, not one await per event.
    const write = async (batch: AuditEvent[]) => {
      if (!started) await sink!.write(formatter!.start());
      started = true;
      let text = '';
      for (const event of batch) text += formatter!.event(event);
      await sink!.write(text);
    };
    try {
      for (const { source } of sources) {
        if (flags.limit !== undefined && result.events >= flags.limit) break;
        const entry: FetchResult['sources'][number] = {
          id: source.id,
          type: source.type,
          events: 0,
        };
        result.sources.push(entry);
        const started = performance.now();
        summary?.bySource.set(source.id, { type: source.type, events: 0, seconds: 0 });
        const sourceFilters = Object.keys(filters).length > 0 ? filters : undefined;
        try {
          const events = fetchEvents(source, {
            from,
            to,
            filters: sourceFilters,
            concurrency: source.capabilities.timeSlicing ? flags.concurrency : 1,
            limit: flags.limit === undefined ? undefined : flags.limit - result.events,
            signal: this.abort.signal,
            onPage: (state) => progress.update(source.id, state),
          });
          try {
            for await (const batch of events.batches()) {
              entry.events += batch.length;
              result.events += batch.length;
              if (summary) for (const event of batch) summary.add(event);
              else await write(batch);
            }
          } finally {
            result.completeness.push(events.report);
            // How completeness was shown (or why it was not), per source, on stderr: never mixed
            // into the events.
            if (!this.jsonEnabled())
              process.stderr.write(
                `completeness: ${terminalText(describeReport(events.report))}\n`,
              );
          }
        } catch (error) {
          const cliError = toCliError(error);
          if (
            cliError.exitCode === EXIT_CODES.interrupted ||
            cliError.exitCode === EXIT_CODES.usage
          )
            throw cliError;
          entry.error = { code: cliError.code, message: cliError.message };
          failures.push(cliError);
          const summarySource = summary?.bySource.get(source.id);
          if (summarySource) summarySource.error = cliError.code;
        } finally {
          progress.done();
          const summarySource = summary?.bySource.get(source.id);
          if (summarySource) summarySource.seconds = (performance.now() - started) / 1000;
        }
      }
    } finally {
      if (sink && (started || failures.length === 0 || envelope)) {
        if (!started) await sink.write(formatter!.start());
        await sink.write(formatter!.end());
      }
      // Whatever was fetched is written out, even when a later source fails.
      if (!(envelope && toStdout)) await sink?.close();
      await Promise.all(sources.map(({ source }) => source.close()));
    }
    const failure =
      failures.length > 0 ? this.failureOf(failures, sources.length, result) : undefined;
    if (envelope) {
      // The document closes with the reports (and the error, if any): one JSON value in all.
      const tail = {
        ...(toStdout ? {} : { output: flags.output, events: result.events }),
        completeness: result.completeness,
        ...(failure
          ? { error: { ...failure.toJSON(), message: this.withoutFlagValues(failure.message) } }
          : {}),
      };
      const text = JSON.stringify(tail);
      if (toStdout) {
        await sink!.write(`,${text.slice(1)}\n`);
        await sink!.close();
      } else process.stdout.write(`${text}\n`);
      this.jsonErrorWritten = failure !== undefined;
    }
    if (summary) process.stdout.write(summary.render(process.stdout.columns ?? 120));
    if (failure) {
      for (const other of failures.slice(0, -1))
        process.stderr.write(`Error: ${terminalText(other.message, { multiline: true })}\n`);
      throw failure;
    }
    if (!summary && toStdout === false)
      this.logToStderr(`${result.events} events written to ${flags.output}`);
    // With --json the events themselves were the JSON output; the result is not printed again.
    return result;
  }

  /**
   * The error a failed fetch ends with: the last failure, as `partial` (8) when other sources
   * succeeded, except that a read that could not show completeness is always `incomplete` (9).
   */
  private failureOf(failures: CliError[], sourceCount: number, result: FetchResult): CliError {
    const last = failures.at(-1)!;
    const partial = failures.length < sourceCount;
    const incomplete = failures.some((f) => f.exitCode === EXIT_CODES.incomplete);
    return new CliError(
      partial
        ? `${last.message} (other sources succeeded; ${result.events} events written)`
        : last.message,
      {
        code: incomplete ? 'INCOMPLETE' : last.code,
        exitCode: incomplete ? EXIT_CODES.incomplete : partial ? EXIT_CODES.partial : last.exitCode,
        suggestions: last.suggestions,
      },
    );
  }

  protected toSuccessJson(): undefined {
    return undefined;
  }

  logJson(json: unknown): void {
    if (json !== undefined) super.logJson(json);
  }
}
