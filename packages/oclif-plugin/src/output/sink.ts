import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';

/**
 * Writes output with backpressure: `write` resolves once the chunk is accepted, so a slow
 * consumer (a pipe, a disk) slows the fetch instead of growing memory.
 */
export class OutputSink {
  readonly stream: Writable;
  readonly #ownsStream: boolean;
  #closed = false;

  private constructor(stream: Writable, ownsStream: boolean) {
    this.stream = stream;
    this.#ownsStream = ownsStream;
  }

  static stdout(): OutputSink {
    return new OutputSink(process.stdout, false);
  }

  static async file(path: string, append = false): Promise<OutputSink> {
    const stream = createWriteStream(path, { flags: append ? 'a' : 'w' });
    await once(stream, 'open');
    return new OutputSink(stream, true);
  }

  async write(chunk: string): Promise<void> {
    if (!chunk || this.#closed) return;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Resolves when everything written so far has been handed to the OS. */
  async flush(): Promise<void> {
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsStream) {
      this.stream.end();
      await once(this.stream, 'finish');
    } else await this.flush();
  }
}
