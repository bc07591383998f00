// Corporate networks, end to end: the real backend process (dist/index.mjs) ingests through a
// CONNECT proxy run as its own process (Basic credentials from HTTPS_PROXY) from a vendor whose
// TLS certificate a private CA signed (the simulator behind a TLS front, with a CA made here).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator, type VendorId } from '@auditrelay/simulator';
import {
  createTestPki,
  startProxyProcess,
  startTlsFront,
  type ProxyProcess,
  type TlsFront,
} from '@auditrelay/test-network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoSources,
  exportedEvents,
  freePort,
  simulatorEnv,
  sources,
  startBackendProcess,
  type BackendProcess,
  type SourceStatus,
} from './backend-process.js';

const HOUR = 3_600_000;
const PROXY_PASSWORD = `canary-proxy-${Math.random().toString(36).slice(2)}-pw`;
const VENDORS: [string, VendorId][] = [
  ['kore-ai-for-work', 'kore-ai-for-work'],
  ['uipath-orchestrator', 'uipath-orchestrator-odata'],
];

let sim: Simulator;
let front: TlsFront;
let proxy: ProxyProcess;
let caFile: string;
const backends: BackendProcess[] = [];

/** The two sources behind the TLS front; `caFile` unless told otherwise. */
function frontSources(options: { caFile?: string; idSuffix?: string } = {}) {
  const ids = new Set(VENDORS.map(([id]) => id));
  return demoSources(sim)
    .filter((source) => ids.has(String(source.id)))
    .map((source) => ({
      ...source,
      id: `${String(source.id)}${options.idSuffix ?? ''}`,
      baseUrl: String(source.baseUrl).replace(sim.url, front.url),
      options: {
        ...(source.options as Record<string, unknown>),
        ...(options.caFile ? { caFile: options.caFile } : {}),
      },
    }));
}

async function start(auditLogsSources: unknown[], env: Record<string, string>) {
  const backend = await startBackendProcess({
    port: await freePort(),
    database: { client: 'better-sqlite3', connection: ':memory:' },
    env: { ...simulatorEnv(sim), ...env },
    schedule: { frequency: { minutes: 10 }, initialDelay: { seconds: 0 } },
    auditLogs: { sources: auditLogsSources },
  });
  backends.push(backend);
  return backend;
}

/** Waits until every listed source has either succeeded or failed once. */
async function settled(backend: BackendProcess, ids: string[]): Promise<SourceStatus[]> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const items = (await sources(backend)).filter((s) => ids.includes(s.id));
    if (items.length === ids.length && items.every((s) => s.lastSuccessAt || s.lastError))
      return items;
    if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(items)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const proxyEnv = (password = PROXY_PASSWORD) => ({
  HTTPS_PROXY: proxy.url.replace('//', `//egress:${password}@`),
});

beforeAll(async () => {
  const now = Date.now();
  sim = await startSimulator({
    seed: 'backstage-proxy',
    data: {
      'kore-ai-for-work': { count: 60, start: now - 48 * HOUR, end: now - HOUR },
      'uipath-orchestrator-odata': { count: 60, start: now - 48 * HOUR, end: now - HOUR },
    },
  });
  const pki = createTestPki();
  caFile = join(mkdtempSync(join(tmpdir(), 'audit-logs-ca-')), 'corporate-ca.pem');
  writeFileSync(caFile, pki.caPem);
  front = await startTlsFront({ target: sim.url, certPem: pki.certPem, keyPem: pki.keyPem });
  proxy = await startProxyProcess({ auth: `egress:${PROXY_PASSWORD}` });
});

afterAll(async () => {
  for (const backend of backends) await backend.stop();
  await proxy?.stop();
  await front?.close();
  await sim?.close();
});

describe('the real backend behind an egress proxy and a private CA', () => {
  it('ingests through HTTPS_PROXY with caFile; fails clearly without the CA', async () => {
    const backend = await start(
      [...frontSources({ caFile }), ...frontSources({ idSuffix: '-no-ca' })],
      proxyEnv(),
    );
    const ids = VENDORS.flatMap(([id]) => [id, `${id}-no-ca`]);
    const statuses = await settled(backend, ids);
    for (const [id, vendor] of VENDORS) {
      const ok = statuses.find((s) => s.id === id)!;
      expect(ok.lastError, id).toBeUndefined();
      const stored = (await exportedEvents(backend, id)).map((e) => JSON.stringify(e.raw)).sort();
      const truth = sim
        .groundTruthOfSource(vendor, { to: ok.watermark! })
        .map((r) => JSON.stringify(r))
        .sort();
      expect(truth.length).toBeGreaterThan(0);
      expect(stored).toEqual(truth);
      const failed = statuses.find((s) => s.id === `${id}-no-ca`)!;
      expect(failed.lastError?.code).toBe('NETWORK_ERROR');
      expect(failed.lastError?.message).toMatch(/is not trusted .*options\.caFile/);
    }
    const seen = proxy.requests();
    const frontHost = new URL(front.url).host;
    expect(seen.length).toBeGreaterThan(0);
    expect(
      seen.every((r) => r.method === 'CONNECT' && r.target === frontHost && r.authorized),
    ).toBe(true);
    for (const request of seen) {
      expect(request.headers).not.toContain('authorization');
      expect(request.headers).not.toContain('auth');
    }
    const answers = await Promise.all(
      ['/api/audit-logs/sources', '/api/audit-logs/events?limit=500'].map(async (path) =>
        (await backend.get(path)).text(),
      ),
    );
    expect(answers.join('\n') + backend.output()).not.toContain(PROXY_PASSWORD);
  });

  it('goes direct for NO_PROXY hosts', async () => {
    const before = proxy.requests().length;
    const backend = await start(frontSources({ caFile }), { ...proxyEnv(), NO_PROXY: 'localhost' });
    const statuses = await settled(
      backend,
      VENDORS.map(([id]) => id),
    );
    for (const status of statuses) expect(status.lastError, status.id).toBeUndefined();
    expect(proxy.requests().length).toBe(before);
    expect(front.connections()).toBeGreaterThan(0);
    expect(backend.output()).not.toContain(PROXY_PASSWORD);
  });
});
