import type { ValidatedRegistrations, EventFormatter } from '../extension/registration.js';
import { CliError } from '../cli-error.js';
import { EXIT_CODES } from '../exit-codes.js';
import { BUILT_IN_FORMATS, type BuiltInFormat } from './format-names.js';
import { builtInFormatter, csvFormatter, schemaFormatter } from './formatters.js';

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
  if (format === 'ocsf' || format === 'ecs') {
    const { toEcs, toOcsf } = await import('@auditrelay/core');
    return schemaFormatter(format === 'ocsf' ? toOcsf : toEcs);
  }
  if (format === 'csv') {
    const { guardCsvFormula } = await import('@auditrelay/core');
    return csvFormatter(options.raw, guardCsvFormula, options.header ?? true);
  }
  if ((BUILT_IN_FORMATS as readonly string[]).includes(format))
    return builtInFormatter(format as Exclude<BuiltInFormat, 'ocsf' | 'ecs' | 'csv'>, options);
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
