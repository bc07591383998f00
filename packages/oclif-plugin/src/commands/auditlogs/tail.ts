import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Flags } from '@oclif/core';
import type { Checkpoint } from '@auditrelay/core';
import { AuditCommand } from '../../base-command.js';
import { toCliError } from '../../cli-error.js';
import { EXIT_CODES, EXIT_CODES_HELP } from '../../exit-codes.js';
import { OutputSink } from '../../output/sink.js';
import { resolveFormatter } from '../../output/resolve-format.js';
import { terminalText } from '../../output/terminal-text.js';
import { readState, writeState, type TailState } from '../../state-file.js';
import { parseTimeFlag } from '../../time-range.js';

function defaultStatePath(configPath: string | undefined, ids: string[]): string {
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  const key = createHash('sha256')
    .update(`${configPath ?? ''}|${ids.join(',')}`)
    .digest('hex')
    .slice(0, 12);
  return join(base, 'auditrelay', `tail-${key}.json`);
}

export default class Tail extends AuditCommand {
  static summary =
    'Follow new audit events: poll at an interval and print only events not printed before.';

  static description = `Keeps a checkpoint per source in a state file, written atomically after each batch has been
written and flushed. After a crash or Ctrl-C, the next run resumes from it: nothing is lost, and only
the last unacknowledged batch can repeat. Ctrl-C (or SIGTERM) stops cleanly with exit code 0.

${EXIT_CODES_HELP}`;

  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --source kore-prod --interval 60 --output audit.ndjson',
    '<%= config.bin %> <%= command.id %> --state ./state/tail.json --once',
  ];

  static flags = {
    interval: Flags.integer({ char: 'i', summary: 'Seconds between polls.', default: 30, min: 1 }),
    state: Flags.string({
      summary:
        "State file holding each source's checkpoint. Default: under $XDG_STATE_HOME/auditrelay/.",
    }),
    from: Flags.string({
      summary:
        'Where a source without a checkpoint starts: ISO date/time or a duration back from now.',
      default: '1h',
      noCacheDefault: true,
    }),
    format: Flags.string({
      char: 'f',
      summary: 'Output format: ndjson, csv, table, ocsf, ecs, or one added by a plugin.',
      default: 'ndjson',
    }),
    output: Flags.string({ char: 'o', summary: 'Append events to this file instead of stdout.' }),
    raw: Flags.boolean({ summary: 'Output the vendor records untouched.' }),
    once: Flags.boolean({ summary: 'Poll once and exit (for cron and CI).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Tail);
    const startAt = (await parseTimeFlag('from', flags.from)).toISOString();
    const { sources, configPath } = await this.loadSources(flags);
    const statePath = resolve(
      flags.state ??
        defaultStatePath(
          configPath,
          sources.map((s) => s.source.id),
        ),
    );
    const state: TailState = await readState(statePath);
    const formatter = await resolveFormatter(
      flags.format,
      {
        raw: flags.raw,
        columns: process.stdout.columns,
        allowed: ['ndjson', 'csv', 'table', 'ocsf', 'ecs'],
      },
      () => this.registrations(),
    );
    const sink = flags.output ? await OutputSink.file(flags.output, true) : OutputSink.stdout();
    if (process.stderr.isTTY && !flags.once)
      this.logToStderr(
        `Following ${sources.map((s) => s.source.id).join(', ')} every ${flags.interval}s (state: ${statePath}). Ctrl-C to stop.`,
      );
    const { syncWithConfig, describeReport } = await import('@auditrelay/core');
    const signal = this.abort.signal;
    await sink.write(formatter.start());
    try {
      while (!signal.aborted) {
        for (const { source, options } of sources) {
          if (signal.aborted) break;
          const checkpoint: Checkpoint | undefined = state.sources[source.id];
          const config = { options: { ...options, startAt: options.startAt ?? startAt } };
          const run = syncWithConfig(source, config as never, checkpoint, { signal });
          try {
            for await (const batch of run) {
              for (const event of batch.events) await sink.write(formatter.event(event));
              // Output first, then the checkpoint: a crash in between repeats this batch, never skips it.
              await sink.flush();
              state.sources[source.id] = batch.checkpoint;
              await writeState(statePath, state);
            }
            // Every poll shows it under --once; a follower only when a run was not shown complete.
            if (flags.once || run.report.status !== 'complete')
              process.stderr.write(`completeness: ${terminalText(describeReport(run.report))}\n`);
          } catch (error) {
            const cliError = toCliError(error);
            if (cliError.exitCode === EXIT_CODES.interrupted || signal.aborted) break;
            process.stderr.write(`completeness: ${terminalText(describeReport(run.report))}\n`);
            // A failing source is reported and retried next poll; the others keep going.
            if (
              flags.once ||
              cliError.exitCode === EXIT_CODES.config ||
              cliError.exitCode === EXIT_CODES.usage
            )
              throw cliError;
            process.stderr.write(
              `Warning: ${source.id}: ${terminalText(cliError.message, { multiline: true })} (retrying in ${flags.interval}s)\n`,
            );
          }
        }
        if (flags.once || signal.aborted) break;
        await new Promise<void>((done) => {
          const timer = setTimeout(done, flags.interval * 1000);
          signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              done();
            },
            { once: true },
          );
        });
      }
      await sink.write(formatter.end());
    } finally {
      await sink.close();
      await Promise.all(sources.map(({ source }) => source.close()));
    }
  }
}
