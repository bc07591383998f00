// Transport hardening against real loopback servers: an overall deadline per request, a size cap
// on downloads, the https-or-loopback rule for token URLs, and `proxy`/`caFile` where no default
// transport applies them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource } from '../create-source.js';
import { createUndiciTransport } from '../http/undici-transport.js';
import { createPortableSource } from '../portable.js';
import { sleep } from '../http/clock.js';
import type { UipathPlatformAuditSource } from '../sources/uipath-platform-audit/source.js';
import { simulatorSourceConfig } from './simulator-sources.js';

let sim: Simulator;
let trickle: Server;
let trickleUrl: string;
const open = new Set<Socket>();

beforeAll(async () => {
  sim = await startSimulator({ seed: 'transport-bounds' });
  // Answers at once, then sends one byte of body a second, for ever.
  trickle = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), 1000);
    res.on('close', () => clearInterval(timer));
  });
  trickle.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve));
  trickleUrl = `http://127.0.0.1:${(trickle.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of open) socket.destroy();
  await new Promise((resolve) => trickle?.close(resolve));
  await sim?.close();
});

describe('overall deadline per request', () => {
  it('ends a response trickling a byte a second with TIMEOUT at the deadline', async () => {
    const source = createSource({
      id: 'slow',
      type: 'kore-ai-for-work',
      baseUrl: trickleUrl,
      credentials: { apiKey: 'canary-deadline-key' },
      // The idle timeout alone (30 s between chunks) would never fire here.
      options: { deadlineSeconds: 2, timeoutSeconds: 30, maxAttempts: 1 },
    });
    const started = Date.now();
    const error = await source
      .check()
      .then(() => undefined)
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    await source.close();
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect((error as Error).message).toMatch(/within 2 s \(options\.deadlineSeconds\)/);
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(6000);
  });

  it('applies to every attempt: a retried request still ends within attempts × deadline', async () => {
    const source = createSource(
      {
        id: 'slow',
        type: 'kore-ai-for-work',
        baseUrl: trickleUrl,
        credentials: { apiKey: 'canary-deadline-key' },
        options: { deadlineSeconds: 1, maxAttempts: 2 },
      },
      { retry: { sleep: () => Promise.resolve() } },
    );
    const started = Date.now();
    const error = await source.check().catch((e: unknown) => e);
    await source.close();
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('download size cap', () => {
  it('stops the Platform Management CSV download at maxDownloadMegabytes', async () => {
    const config = simulatorSourceConfig(sim, 'uipath-platform-audit', {
      maxDownloadMegabytes: 0.001,
    });
    const source = createSource(config) as UipathPlatformAuditSource;
    let received = 0;
    const error = await (async () => {
      for await (const chunk of await source.downloadCsv({ size: 100 })) received += chunk.length;
    })().catch((e: unknown) => e);
    await source.close();
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
    expect((error as Error).message).toMatch(/1048-byte limit \(options\.maxDownloadMegabytes\)/);
    expect(received).toBeLessThanOrEqual(1048);
  });

  it('lets a download under the cap through whole', async () => {
    const source = createSource(
      simulatorSourceConfig(sim, 'uipath-platform-audit'),
    ) as UipathPlatformAuditSource;
    let text = '';
    for await (const chunk of await source.downloadCsv({ size: 5 }))
      text += Buffer.from(chunk).toString('utf8');
    await source.close();
    expect(text.length).toBeGreaterThan(100);
    expect(text.split('\n')[0]).toMatch(/^Date,Source,Category,Action/);
  });
});

describe('token URL', () => {
  const uipath = (tokenUrl: string, options: Record<string, unknown> = {}) => ({
    id: 'pm',
    type: 'uipath-platform-audit',
    baseUrl: 'https://cloud.uipath.com',
    credentials: { clientId: 'c', clientSecret: 'canary-token-url-secret' },
    options: { organization: 'acme', tokenUrl, ...options },
  });

  it('refuses plain http to a non-loopback token URL, like baseUrl', () => {
    expect(() => createSource(uipath('http://identity.example.com/connect/token'))).toThrow(
      /options\.tokenUrl: plain http:\/\/ is only allowed for loopback hosts/,
    );
  });

  it('accepts https, loopback http, and http with allowInsecureHttp', async () => {
    for (const config of [
      uipath('https://identity.example.com/connect/token'),
      uipath('http://127.0.0.1:9/connect/token'),
      uipath('http://identity.internal/connect/token', { allowInsecureHttp: true }),
    ]) {
      await createSource(config).close();
    }
  });
});

describe('proxy and caFile options', () => {
  const base = {
    id: 'ai',
    type: 'kore-ai-for-work',
    baseUrl: 'https://kore.example.com',
    credentials: { apiKey: 'k-123456' },
  };

  it('rejects a malformed proxy URL without echoing it (it may carry a password)', () => {
    const error = (() => {
      try {
        createSource({ ...base, options: { proxy: 'ftp://user:canary-proxy-pass@proxy:21' } });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/options\.proxy: expected an http:\/\/ or https:\/\/ proxy URL/);
    expect(error?.message).not.toContain('canary-proxy-pass');
  });

  it('refuses caFile and proxy in the portable entry, which reads no files', () => {
    const portable = (options: Record<string, unknown>) =>
      createPortableSource(
        { ...base, options },
        { transport: createUndiciTransport(), sleep, path: 'sources[0]' },
      );
    expect(() => portable({ caFile: '/etc/ssl/private-ca.pem' })).toThrow(
      /sources\[0\]\.options\.caFile: not supported by @auditrelay\/core\/portable/,
    );
    expect(() => portable({ proxy: 'http://proxy.example.com:3128' })).toThrow(
      /sources\[0\]\.options\.proxy: not supported by @auditrelay\/core\/portable/,
    );
  });

  it('refuses them with a custom transport, which would ignore them', () => {
    expect(() =>
      createSource(
        { ...base, options: { proxy: 'http://proxy.example.com:3128' } },
        { transport: createUndiciTransport() },
      ),
    ).toThrow(/options\.proxy: not applied to a custom transport/);
  });

  it('names an unreadable or non-PEM caFile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auditrelay-ca-'));
    expect(() => createSource({ ...base, options: { caFile: join(dir, 'missing.pem') } })).toThrow(
      /options\.caFile: cannot read .*missing\.pem \(ENOENT\)/,
    );
    const notPem = join(dir, 'not.pem');
    await writeFile(notPem, 'hello');
    expect(() => createSource({ ...base, options: { caFile: notPem } })).toThrow(
      /options\.caFile: .*not\.pem is not a PEM file of CA certificates/,
    );
  });
});
