import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';

/** Output is handed to the stream in chunks of about this many characters (not to a terminal). */
const CHUNK = 64 * 1024;

/**
 * Writes output with backpressure: `write` resolves once the chunk is accepted, so a slow
 * consumer (a pipe, a disk) slows the fetch instead of growing memory. Small writes are gathered
 * into chunks (one system call per 64 KiB rather than per event), except on a terminal, where
 * every line shows at once.
 */
export class OutputSink {
  readonly stream: Writable;
  readonly #ownsStream: boolean;
  readonly #chunk: number;
  #pending = '';
  #closed = false;

  private constructor(stream: Writable, ownsStream: boolean) {
    this.stream = stream;
    this.#ownsStream = ownsStream;
    this.#chunk = (stream as { isTTY?: boolean }).isTTY ? 0 : CHUNK;
  }

  static stdout(): OutputSink {
    return new OutputSink(process.stdout, false);
  }

  /**
   * A file created readable by its owner only (0600): audit events name people and systems. An
   * existing file keeps the permissions it has.
   */
  static async file(path: string, append = false): Promise<OutputSink> {
    const stream = createWriteStream(path, { flags: append ? 'a' : 'w', mode: 0o600 });
    await once(stream, 'open');
    return new OutputSink(stream, true);
  }

  async write(chunk: string): Promise<void> {
    if (!chunk || this.#closed) return;
    this.#pending += chunk;
    if (this.#pending.length < this.#chunk) return;
    const full = this.#pending;
    this.#pending = '';
    if (!this.stream.write(full)) await once(this.stream, 'drain');
  }

  /**
   * Resolves once everything written so far has been handed to the OS (the stream's write
   * callback), so a checkpoint saved after it never gets ahead of the output.
   */
  async flush(): Promise<void> {
    const rest = this.#pending;
    this.#pending = '';
    if (!rest && this.stream.writableLength === 0) return;
    await new Promise<void>((resolve, reject) => {
      this.stream.write(rest, (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } catch (error) {
      this.#closed = true;
      if (this.#ownsStream) this.stream.destroy();
      throw error;
    }
    this.#closed = true;
    if (this.#ownsStream) {
      this.stream.end();
      await once(this.stream, 'finish');
    }
  }
}
