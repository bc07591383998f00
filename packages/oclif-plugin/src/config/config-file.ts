import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { EXIT_CODES } from '../exit-codes.js';

const NAMES = ['auditrelay.config.yaml', 'auditrelay.config.yml', 'auditrelay.config.json'];
const XDG_NAMES = ['config.yaml', 'config.yml', 'config.json'];

export interface ConfigFile {
  /** Absolute path of the file read. */
  path: string;
  /** The raw `sources` array, not yet validated. */
  sources: unknown[];
}

function configError(message: string): CliError {
  return new CliError(message, { code: 'CONFIG_INVALID', exitCode: EXIT_CODES.config });
}

/**
 * Where the config comes from, first match wins: `--config`, `$AUDITRELAY_CONFIG`,
 * `./auditrelay.config.{yaml,yml,json}`, then `$XDG_CONFIG_HOME/auditrelay/config.{yaml,yml,json}`
 * (`~/.config` when XDG_CONFIG_HOME is unset). A working-directory config that hides the user's
 * own is reported through `warn`: a folder someone else controls (a cloned repository, a shared
 * directory) could otherwise send the user's secrets (env references) to hosts of its choosing.
 */
export function findConfigFile(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd = process.cwd(),
  warn: (message: string) => void = () => undefined,
): string | undefined {
  const chosen = explicit ?? env.AUDITRELAY_CONFIG;
  if (chosen) {
    const path = resolve(cwd, chosen);
    if (!existsSync(path)) throw configError(`Config file not found: ${path}`);
    return path;
  }
  const xdg = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const user = XDG_NAMES.map((name) => join(xdg, 'auditrelay', name)).find((p) => existsSync(p));
  const local = NAMES.map((name) => join(cwd, name)).find((p) => existsSync(p));
  if (local && user) {
    warn(
      `using ${local} from the working directory; it shadows your config ${user}. Pass --config (or set AUDITRELAY_CONFIG) to choose one explicitly.`,
    );
  }
  return local ?? user;
}

/** Reads and parses a config file (YAML or JSON); the shape is `{ sources: [...] }`. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw configError(
      `${path}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  let data: unknown;
  try {
    if (extname(path) === '.json') data = JSON.parse(text) as unknown;
    else {
      const { parse } = await import('yaml');
      data = parse(text) as unknown;
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : 'syntax error';
    throw configError(
      `${path}: not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${detail}`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw configError(`${path}: expected an object with a "sources" list.`);
  }
  const unknownKeys = Object.keys(data).filter(
    (key) => key !== 'sources' && key !== 'version' && key !== '$schema',
  );
  if (unknownKeys.length > 0) {
    throw configError(
      `${path}: unknown top-level key${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((k) => `"${k}"`).join(', ')} (expected "sources").`,
    );
  }
  const sources = (data as { sources?: unknown }).sources;
  if (!Array.isArray(sources)) throw configError(`${path}: sources: expected a list of sources.`);
  return { path, sources };
}
