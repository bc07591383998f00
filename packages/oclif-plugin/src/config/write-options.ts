import { readFile, rename, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CliError } from '../cli-error.js';
import { EXIT_CODES } from '../exit-codes.js';

/**
 * Sets options of one source in a config file, keeping everything else as written (YAML
 * comments and layout included), through a temporary file renamed over the original.
 */
export async function writeSourceOptions(
  path: string,
  sourceId: string,
  options: Record<string, number>,
): Promise<void> {
  const text = await readFile(path, 'utf8');
  let updated: string;
  if (extname(path) === '.json') {
    const data = JSON.parse(text) as { sources: Array<Record<string, unknown>> };
    const entry = data.sources.find((source) => source.id === sourceId);
    if (!entry) throw notInFile(path, sourceId);
    entry.options = { ...(entry.options as Record<string, unknown> | undefined), ...options };
    updated = `${JSON.stringify(data, null, 2)}\n`;
  } else {
    const { parseDocument, isMap, isSeq } = await import('yaml');
    const document = parseDocument(text);
    const sources = document.get('sources');
    const index = isSeq(sources)
      ? sources.items.findIndex((item) => isMap(item) && item.get('id') === sourceId)
      : -1;
    if (index < 0) throw notInFile(path, sourceId);
    for (const [name, value] of Object.entries(options))
      document.setIn(['sources', index, 'options', name], value);
    updated = document.toString();
  }
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, updated, { flag: 'wx', mode: 0o600 });
  await rename(temporary, path);
}

function notInFile(path: string, sourceId: string): CliError {
  return new CliError(
    `--write: source "${sourceId}" is not defined in ${path} (a --source flag cannot be written back); add it to the config file first.`,
    { code: 'USAGE', exitCode: EXIT_CODES.usage },
  );
}
