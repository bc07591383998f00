import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Checkpoint } from '@auditrelay/core';
import { CliError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';

export interface TailState {
  version: 1;
  /** Checkpoint per source id. */
  sources: Record<string, Checkpoint>;
}

/** Reads a tail state file; a missing file is a fresh start, a corrupt one a clear error. */
export async function readState(path: string): Promise<TailState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, sources: {} };
    throw new CliError(
      `${path}: cannot read the state file (${(error as NodeJS.ErrnoException).code}).`,
      { code: 'CONFIG_INVALID', exitCode: EXIT_CODES.config },
    );
  }
  try {
    const data = JSON.parse(text) as TailState;
    if (data.version !== 1 || typeof data.sources !== 'object' || data.sources === null)
      throw new Error('unexpected shape');
    return data;
  } catch {
    throw new CliError(
      `${path}: not an auditrelay state file (corrupt or from another tool). Move it away to start over.`,
      {
        code: 'CHECKPOINT_INVALID',
        exitCode: EXIT_CODES.config,
      },
    );
  }
}

/**
 * Writes the state atomically: a temp file in the same folder, fsync, then rename over. The temp
 * file is created exclusively (`wx`: never through a file or link someone else put there) and
 * readable by its owner only (0600), and so is the state file it becomes.
 */
export async function writeState(path: string, state: TailState): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(state)}\n`);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
}
