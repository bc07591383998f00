import { Flags } from '@oclif/core';
import type { ProbeReport } from '@auditrelay/core';
import { AuditCommand } from '../../base-command.js';
import { CliError } from '../../cli-error.js';
import { EXIT_CODES, EXIT_CODES_HELP } from '../../exit-codes.js';
import { writeSourceOptions } from '../../config/write-options.js';
import { terminalText } from '../../output/terminal-text.js';

export default class Probe extends AuditCommand {
  static summary = "Measure how a source's API behaves for your tenant.";

  static description = `The vendors' docs leave open how large a page the server returns, whether it honours the
sort and cursor parameters, what its counts mean, whether time bounds are inclusive and how
many records an unpaged API answers. probe finds out with a few read-only requests (within the
source's rate limits) and prints each finding with how it was measured. Reads check all of this
as they go anyway; --write stores what was measured (never a guess) in the source's options so
later reads start from it.

${EXIT_CODES_HELP}`;

  static examples = [
    '<%= config.bin %> <%= command.id %> --source kore-prod',
    '<%= config.bin %> <%= command.id %> --source ai4w --write',
  ];

  static flags = {
    write: Flags.boolean({
      summary: "Store the measured values in the source's options in the config file.",
    }),
  };

  async run(): Promise<ProbeReport[]> {
    const { flags } = await this.parse(Probe);
    if (!flags.source?.length)
      throw new CliError('--source: name the source to probe (one or more).', {
        code: 'USAGE',
        exitCode: EXIT_CODES.usage,
      });
    const { sources, configPath } = await this.loadSources(flags);
    const { probeSource } = await import('@auditrelay/core');
    const reports: ProbeReport[] = [];
    try {
      for (const { source } of sources) {
        const report = await probeSource(source, { signal: this.abort.signal });
        reports.push(report);
        if (!this.jsonEnabled()) this.print(report);
        if (flags.write && Object.keys(report.suggestedOptions).length > 0) {
          if (!configPath)
            throw new CliError(
              '--write: the sources come from --source flags, not a config file.',
              {
                code: 'USAGE',
                exitCode: EXIT_CODES.usage,
              },
            );
          await writeSourceOptions(configPath, source.id, report.suggestedOptions);
          if (!this.jsonEnabled())
            this.logToStderr(
              `Wrote ${Object.entries(report.suggestedOptions)
                .map(([name, value]) => `options.${name}: ${value}`)
                .join(', ')} for "${source.id}" to ${configPath}`,
            );
        }
      }
    } finally {
      await Promise.all(sources.map(({ source }) => source.close()));
    }
    return reports;
  }

  private print(report: ProbeReport): void {
    const out: string[] = [
      `${report.source.type} "${report.source.id}" (${report.requests} requests)`,
    ];
    const width = Math.max(...report.findings.map((f) => f.name.length), 4);
    for (const finding of report.findings) {
      out.push(
        `  ${finding.name.padEnd(width)}  ${terminalText(String(finding.value ?? 'unknown'))}  — ${terminalText(finding.evidence)}`,
      );
    }
    const suggested = Object.entries(report.suggestedOptions);
    out.push(
      suggested.length > 0
        ? `  suggested options: ${suggested.map(([name, value]) => `${name}: ${value}`).join(', ')} (--write stores them)`
        : '  suggested options: none (nothing measured that the config should start from)',
    );
    process.stdout.write(`${out.join('\n')}\n`);
  }
}
