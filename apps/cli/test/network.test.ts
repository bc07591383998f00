// Corporate networks through the real binary: an egress proxy (a CONNECT proxy in its own
// process, with Basic credentials) in front of a vendor whose TLS certificate a private CA signed
// (the plain-HTTP simulator behind a TLS front with a throwaway CA made here).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import {
  createTestPki,
  startProxyProcess,
  startTlsFront,
  type ProxyProcess,
  type TlsFront,
} from '@auditrelay/test-network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { simulatorSources } from '../src/simulator-config.js';
import { baseEnv, expectOnlyCompleteReports, runCli } from './helpers.js';

const HOUR = 3_600_000;
const now = Date.now();
const span = { start: now - 10 * HOUR, end: now - HOUR };
const FROM = new Date(span.start).toISOString();
const TO = new Date(span.end).toISOString();
const PROXY_PASSWORD = `canary-proxy-${Math.random().toString(36).slice(2)}-pw`;
const KEY = `canary-net-${Math.random().toString(36).slice(2)}-key`;
const SECRET = `canary-net-${Math.random().toString(36).slice(2)}-secret`;

let sim: Simulator;
let front: TlsFront;
let proxy: ProxyProcess;
let dir: string;
const outputs: string[] = [];

/** A config of the AI for Work and Orchestrator sources behind the TLS front. */
async function writeConfig(name: string, options: Record<string, unknown>): Promise<string> {
  const sources = simulatorSources(sim, {
    'kore-ai4w': { windowMinutes: 720, lagSeconds: 0, ...options },
    'uipath-orch': { pageSize: 50, lagSeconds: 0, ...options },
  }).filter((s) => s.id === 'kore-ai4w' || s.id === 'uipath-orch');
  for (const source of sources) {
    source.baseUrl = String(source.baseUrl).replace(sim.url, front.url);
    const credentials = source.credentials as Record<string, unknown>;
    if ('apiKey' in credentials) credentials.apiKey = 'env:AI4W_KEY';
    else credentials.clientSecret = 'env:UIPATH_SECRET';
  }
  const path = join(dir, name);
  await writeFile(path, stringify({ sources }));
  return path;
}

async function fetchAll(config: string, env: Record<string, string> = {}) {
  const result = await runCli(
    ['auditlogs', 'fetch', '--config', config, '--from', FROM, '--to', TO, '--format', 'ndjson'],
    { env: baseEnv({ AI4W_KEY: KEY, UIPATH_SECRET: SECRET, ...env }) },
  );
  outputs.push(result.stdout, result.stderr);
  return result;
}

const lines = (text: string) => text.split('\n').filter(Boolean);
const truthCount = () =>
  sim.groundTruth('kore-ai-for-work', { from: FROM, to: TO }).length +
  sim.groundTruth('uipath-orchestrator-odata', { from: FROM, to: TO }).length;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 'cli-network',
    data: {
      'kore-ai-for-work': { count: 40, ...span },
      'uipath-orchestrator-odata': { count: 40, ...span },
    },
    credentials: { aiForWork: { apiKey: KEY }, uipath: { clientSecret: SECRET } },
  });
  const pki = createTestPki();
  dir = await mkdtemp(join(tmpdir(), 'auditrelay-cli-net-'));
  await writeFile(join(dir, 'corporate-ca.pem'), pki.caPem);
  front = await startTlsFront({ target: sim.url, certPem: pki.certPem, keyPem: pki.keyPem });
  proxy = await startProxyProcess({ auth: `egress:${PROXY_PASSWORD}` });
});

afterAll(async () => {
  await proxy?.stop();
  await front?.close();
  await sim?.close();
});

describe('auditlogs behind an egress proxy and a private CA (real binary, real proxy process)', () => {
  it('tunnels every request through HTTPS_PROXY with CONNECT; the vendor credentials never reach the proxy', async () => {
    // caFile relative to the config file, as a user would write it.
    const config = await writeConfig('with-ca.yaml', { caFile: './corporate-ca.pem' });
    const proxyUrl = proxy.url.replace('//', `//egress:${PROXY_PASSWORD}@`);
    const before = proxy.requests().length;
    const result = await fetchAll(config, { HTTPS_PROXY: proxyUrl });
    expectOnlyCompleteReports(result.stderr, 2);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toHaveLength(truthCount());
    const seen = proxy.requests().slice(before);
    expect(seen.length).toBeGreaterThan(0);
    const frontHost = new URL(front.url).host;
    // Token requests and API requests alike: CONNECT to the vendor, with the proxy's credentials.
    expect(seen.every((r) => r.method === 'CONNECT' && r.target === frontHost)).toBe(true);
    expect(seen.every((r) => r.authorized)).toBe(true);
    // Inside the tunnel only: no vendor credential header ever reached the proxy.
    for (const request of seen) {
      expect(request.headers).not.toContain('authorization');
      expect(request.headers).not.toContain('auth');
    }
  });

  it('uses the config’s own proxy option, overriding the environment', async () => {
    const config = await writeConfig('own-proxy.yaml', {
      caFile: join(dir, 'corporate-ca.pem'),
      proxy: proxy.url.replace('//', `//egress:${PROXY_PASSWORD}@`),
    });
    const before = proxy.requests().length;
    const result = await fetchAll(config, { HTTPS_PROXY: 'http://127.0.0.1:9' });
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toHaveLength(truthCount());
    expect(proxy.requests().length).toBeGreaterThan(before);
  });

  it('fails without the CA: the vendor certificate is not trusted, and the message says what to set', async () => {
    const config = await writeConfig('no-ca.yaml', {});
    const before = proxy.requests().length;
    const result = await fetchAll(config, {
      HTTPS_PROXY: proxy.url.replace('//', `//egress:${PROXY_PASSWORD}@`),
    });
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/TLS certificate of https:\/\/localhost:\d+ is not trusted/);
    expect(result.stderr).toContain('options.caFile');
    // The tunnel was opened; the handshake inside it is what failed.
    expect(proxy.requests().length).toBeGreaterThan(before);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    const config = await writeConfig('bypass.yaml', { caFile: './corporate-ca.pem' });
    const before = proxy.requests().length;
    const result = await fetchAll(config, {
      HTTPS_PROXY: proxy.url.replace('//', `//egress:${PROXY_PASSWORD}@`),
      NO_PROXY: 'localhost',
    });
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toHaveLength(truthCount());
    expect(proxy.requests().length).toBe(before);
  });

  it('reports refused proxy credentials clearly, without them', async () => {
    const config = await writeConfig('bad-proxy.yaml', { caFile: './corporate-ca.pem' });
    const result = await fetchAll(config, {
      HTTPS_PROXY: proxy.url.replace('//', `//egress:wrong-${PROXY_PASSWORD}@`),
    });
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(
      /proxy refused the tunnel .*\(status 407\): check the proxy credentials/,
    );
  });

  it('never printed a proxy password or vendor secret', () => {
    const everything = outputs.join('\n');
    expect(outputs.length).toBeGreaterThanOrEqual(10);
    for (const canary of [PROXY_PASSWORD, KEY, SECRET]) expect(everything).not.toContain(canary);
  });
});
