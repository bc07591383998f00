import { Command, Errors, Flags, type Interfaces } from '@oclif/core';
import { CliError, toCliError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';
import {
  EXTENSION_API_VERSION,
  REGISTER_HOOK,
  validateRegistrations,
  type AuditlogsHooks,
  type ValidatedRegistrations,
} from './extension/registration.js';
import { loadSources } from './config/load-sources.js';
import { BUILT_IN_FORMATS } from './output/format-names.js';
import { terminalText } from './output/terminal-text.js';

/**
 * Shared behaviour of every auditlogs command: config and source loading, Ctrl-C and broken
 * pipes, extension registrations, and errors that carry only name, message, code and exit code.
 */
export abstract class AuditCommand extends Command {
  static enableJsonFlag = true;

  static baseFlags = {
    config: Flags.string({
      char: 'c',
      summary: 'Config file (YAML or JSON with a "sources" list).',
      description:
        'Default: ./auditrelay.config.{yaml,yml,json}, then $XDG_CONFIG_HOME/auditrelay/config.{yaml,yml,json}.',
      env: 'AUDITRELAY_CONFIG',
      helpGroup: 'GLOBAL',
    }),
    source: Flags.string({
      char: 's',
      summary:
        'Source id to use (repeatable), or an inline definition: id=x,type=…,baseUrl=…,credentials.apiKey=env:VAR.',
      multiple: true,
      helpGroup: 'GLOBAL',
    }),
  };

  /** Aborted on Ctrl-C, SIGTERM or a closed stdout: every fetch listens to it. */
  protected readonly abort = new AbortController();
  /** Why `abort` fired: a signal (interrupted) or the reader went away (EPIPE). */
  protected abortReason: 'signal' | 'pipe' | undefined;
  #registrations: Promise<ValidatedRegistrations> | undefined;
  readonly #cleanups: Array<() => void> = [];

  async init(): Promise<void> {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 19)) {
      throw new CliError(`auditlogs needs Node.js 22.19 or newer; this is ${process.version}.`, {
        code: 'UNSUPPORTED_NODE',
        exitCode: EXIT_CODES.unexpected,
      });
    }
    const onSignal = () => {
      this.abortReason ??= 'signal';
      this.abort.abort();
    };
    const onStdoutError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') {
        // The reader (e.g. `| head`) has what it wanted: stop fetching and exit 0.
        this.abortReason ??= 'pipe';
        this.abort.abort();
        process.exit(0);
      }
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.stdout.on('error', onStdoutError);
    this.#cleanups.push(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    });
    await super.init();
  }

  protected async finally(error: Error | undefined): Promise<unknown> {
    for (const cleanup of this.#cleanups) cleanup();
    return super.finally(error);
  }

  /** Registrations from every installed plugin, fetched once and only when needed. */
  protected registrations(): Promise<ValidatedRegistrations> {
    this.#registrations ??= (async () => {
      const result = await this.config.runHook<typeof REGISTER_HOOK, AuditlogsHooks>(
        REGISTER_HOOK,
        { apiVersion: EXTENSION_API_VERSION },
        10_000,
        true,
      );
      // The core's registry, loaded only now: commands that never need it stay fast to start.
      const { SOURCE_TYPES } = await import('@auditrelay/core');
      const validated = validateRegistrations(
        result.successes.map(({ plugin, result }) => ({ plugin: plugin.name, result })),
        { sources: SOURCE_TYPES, formats: [...BUILT_IN_FORMATS, 'summary'] },
      );
      for (const failure of result.failures) {
        validated.warnings.push(
          `The ${failure.plugin.name} plugin failed to register: ${failure.error.message}`,
        );
      }
      for (const warning of validated.warnings) this.warn(terminalText(warning));
      return validated;
    })();
    return this.#registrations;
  }

  protected loadSources(flags: { config?: string; source?: string[] }) {
    return loadSources({
      configFlag: flags.config,
      sourceFlags: flags.source,
      env: process.env,
      extensionSources: async () => (await this.registrations()).sources,
    });
  }

  /** Only an allow-list reaches `--json` output: never the parsed flags, config or a secret. */
  protected toErrorJson(error: unknown): { error: ReturnType<CliError['toJSON']> } {
    return { error: toCliError(error).toJSON() };
  }

  /** Plain JSON when stdout is not a terminal (colourising 100k records costs seconds). */
  logJson(json: unknown): void {
    if (process.stdout.isTTY) super.logJson(json);
    else process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  }

  /** Parse errors may quote what was typed; keep flag names, drop the values. */
  protected withoutFlagValues(message: string): string {
    let out = message;
    for (const token of this.argv) {
      const value = token.startsWith('-') ? token.split('=').slice(1).join('=') : token;
      if (value.length >= 3) out = out.split(value).join('<value>');
    }
    return out;
  }

  /** Set by a command that already wrote its error inside its own `--json` document. */
  protected jsonErrorWritten = false;

  catch(error: Interfaces.CommandError): Promise<never> {
    // `this.exit()` and oclif's help/version exits pass straight through.
    if (error instanceof Errors.ExitError) throw error;
    const cliError = toCliError(error);
    // `--json` output never carries a flag value; on a terminal only the parser's quotes are dropped.
    if (this.jsonEnabled() || cliError.fromParser)
      cliError.message = this.withoutFlagValues(cliError.message);
    if (this.jsonEnabled()) {
      if (!this.jsonErrorWritten)
        process.stdout.write(`${JSON.stringify(this.toErrorJson(cliError))}\n`);
    } else {
      // Messages quote vendor text (an error body, a bot's name): no control sequence passes.
      process.stderr.write(`Error: ${terminalText(cliError.message, { multiline: true })}\n`);
      for (const suggestion of cliError.suggestions)
        process.stderr.write(`  Try: ${terminalText(suggestion)}\n`);
    }
    process.exitCode = cliError.exitCode;
    throw new Errors.ExitError(cliError.exitCode);
  }
}
