import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputSink } from './sink.js';

describe('OutputSink', () => {
  it('has every line in the file once flush resolves, before the file is closed', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'sink-')), 'out.ndjson');
    const sink = await OutputSink.file(path);
    const lines = Array.from(
      { length: 5000 },
      (_, i) => `{"n":${i},"pad":"${'x'.repeat(i % 97)}"}\n`,
    );
    for (const line of lines.slice(0, 2500)) await sink.write(line);
    await sink.flush();
    // What a checkpoint written now may rely on: the OS has every line written so far.
    expect(await readFile(path, 'utf8')).toBe(lines.slice(0, 2500).join(''));
    for (const line of lines.slice(2500)) await sink.write(line);
    await sink.close();
    expect(await readFile(path, 'utf8')).toBe(lines.join(''));
  });

  it('appends to an existing file', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'sink-')), 'out.ndjson');
    for (const line of ['a\n', 'b\n']) {
      const sink = await OutputSink.file(path, true);
      await sink.write(line);
      await sink.close();
    }
    expect(await readFile(path, 'utf8')).toBe('a\nb\n');
  });

  it('surfaces a failed write at flush, so nothing is acknowledged that was not written', async () => {
    const failing = await OutputSink.file(join(tmpdir(), 'sink-missing-dir-parent'), false);
    failing.stream.destroy(); // the stream dies: later writes fail
    await failing.write('lost\n');
    await expect(failing.flush()).rejects.toThrow();
  });

  it('hands a terminal every write at once', async () => {
    const chunks: string[] = [];
    const tty = Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk.toString());
          done();
        },
      }),
      { isTTY: true },
    );
    const sink = OutputSink as unknown as { new (s: Writable, own: boolean): OutputSink };
    const out = new sink(tty, false);
    await out.write('one\n');
    expect(chunks).toEqual(['one\n']);
  });
});
