import type { ValidatedRegistrations, EventFormatter } from '../extension/registration.js';
import { CliError } from '../cli-error.js';
import { EXIT_CODES } from '../exit-codes.js';
import { BUILT_IN_FORMATS, type BuiltInFormat } from './format-names.js';
import { tableFormatter } from './formatters.js';

/** `--format` value → formatter: built-ins first, then formats registered by extensions. */
export async function resolveFormatter(
  format: string,
  options: { raw: boolean; columns?: number; header?: boolean; allowed?: readonly string[] },
  registrations: () => Promise<ValidatedRegistrations>,
): Promise<EventFormatter> {
  if (
    options.allowed &&
    !options.allowed.includes(format) &&
    (BUILT_IN_FORMATS as readonly string[]).includes(format)
  ) {
    throw new CliError(
      `--format: "${format}" is not available here (use ${options.allowed.join(', ')})`,
      { code: 'USAGE', exitCode: EXIT_CODES.usage },
    );
  }
  if (format === 'table') return tableFormatter(options.columns);
  if ((BUILT_IN_FORMATS as readonly string[]).includes(format)) {
    // The core's writers: the same bytes as the Backstage export. Loaded only when fetching.
    const { createEventFormat } = await import('@auditrelay/core');
    const file = createEventFormat(format as Exclude<BuiltInFormat, 'table'>, {
      raw: options.raw,
      header: options.header ?? true,
    });
    return { start: () => file.header(), event: (e) => file.event(e), end: () => file.footer() };
  }
  const registered = (await registrations()).formats.get(format);
  if (!registered) {
    const extra = [...(await registrations()).formats.keys()];
    throw new CliError(
      `--format: unknown format "${format}" (available: ${[...(options.allowed ?? BUILT_IN_FORMATS), ...extra].join(', ')})`,
      {
        code: 'USAGE',
        exitCode: EXIT_CODES.usage,
      },
    );
  }
  return registered.create({ raw: options.raw });
}
