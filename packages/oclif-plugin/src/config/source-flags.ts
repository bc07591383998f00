import { CliError } from '../cli-error.js';
import { EXIT_CODES } from '../exit-codes.js';

/**
 * `--source` takes a configured source id, or an inline definition of comma-separated
 * `key=value` pairs with dotted keys (`id=xo,type=kore-xo-admin-console,baseUrl=https://…,
 * credentials.clientSecret=env:XO_SECRET,options.pageSize=50`). An inline definition whose id
 * matches a configured source overrides those keys of it. Credentials must be `env:NAME`
 * references: a literal is refused (command lines show in `ps` and shell history).
 */
export type SourceSelector =
  { kind: 'id'; id: string } | { kind: 'inline'; id: string; values: Record<string, unknown> };

const ENV_REFERENCE = /^env:[A-Za-z_][A-Za-z0-9_]*$/;

function coerce(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

export function parseSourceFlag(value: string): SourceSelector {
  if (!value.includes('=')) return { kind: 'id', id: value };
  const values: Record<string, unknown> = {};
  for (const pair of value.split(',')) {
    const index = pair.indexOf('=');
    const key = pair.slice(0, index).trim();
    if (index <= 0 || !/^[A-Za-z][\w]*(\.[A-Za-z][\w]*)*$/.test(key)) {
      throw new CliError(
        `--source: expected a source id or key=value pairs separated by commas; "${pair.split('=')[0]}" is not a key`,
        {
          code: 'USAGE',
          exitCode: EXIT_CODES.usage,
        },
      );
    }
    const raw = pair.slice(index + 1).trim();
    if (key.startsWith('credentials.') && !ENV_REFERENCE.test(raw)) {
      // The value is never repeated: it is what must not be shown.
      throw new CliError(
        `--source: ${key} must reference an environment variable (${key}=env:NAME), not hold the secret: a command line is visible in \`ps\` and kept in shell history.`,
        {
          code: 'USAGE',
          exitCode: EXIT_CODES.usage,
          suggestions: [
            `export A_VAR=… (or put the source in a config file), then pass ${key}=env:A_VAR`,
          ],
        },
      );
    }
    setPath(values, key.split('.'), coerce(raw));
  }
  if (typeof values.id !== 'string' || !values.id) {
    throw new CliError('--source: an inline source needs id=<name>', {
      code: 'USAGE',
      exitCode: EXIT_CODES.usage,
    });
  }
  return { kind: 'inline', id: values.id, values };
}

export function mergeDeep(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof current === 'object' &&
      current !== null &&
      !Array.isArray(current)
        ? mergeDeep(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}
