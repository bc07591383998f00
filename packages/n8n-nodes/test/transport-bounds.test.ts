// The n8n transport's bounds with the hand-made context, whose httpRequestWithAuthentication
// sends for real and honours disableFollowRedirect and stream bodies as n8n's helper does (the
// real n8n is apps/n8n-workflows/e2e/redirects.e2e.test.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator } from '@auditrelay/simulator';
import { AuditRelay } from '../nodes/AuditRelay/AuditRelay.node';
import { createN8nTransport } from '../nodes/shared/transport';
import { createExecuteContext, simulatorCredentials, type Simulator } from './helpers';

vi.mock('n8n-workflow', async (importOriginal) => ({
  ...(await importOriginal<typeof import('n8n-workflow')>()),
  sleep: () => Promise.resolve(),
}));

let sim: Simulator;
let elsewhere: Simulator;
const DAY = 86_400_000;

beforeAll(async () => {
  sim = await startSimulator({ seed: 'n8n-bounds' });
  elsewhere = await startSimulator({ seed: 'n8n-elsewhere' });
});
afterAll(async () => {
  await sim?.close();
  await elsewhere?.close();
});

describe('n8n transport bounds', () => {
  it('stops reading an answer past maxResponseBytes', async () => {
    const credentials = simulatorCredentials(sim);
    const { context } = createExecuteContext({ items: [{}], credentials });
    const transport = createN8nTransport(context, {
      credentialType: 'koreAiForWorkApi',
      timeoutMs: 5000,
      maxResponseBytes: 4000,
    });
    const now = Date.now();
    const params = new URLSearchParams({
      startTime: new Date(now - 30 * DAY).toISOString(),
      endTime: new Date(now).toISOString(),
    });
    const error = await transport
      .request({
        method: 'GET',
        url: `${sim.baseUrls['kore-ai-for-work']}/api/public/auditlogs?${params.toString()}`,
        headers: {},
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
    expect((error as Error).message).toMatch(/exceeded the 4000-byte limit/);
  });

  it.each(['kore-xo-admin-console', 'kore-ai-for-work', 'uipath-orchestrator-odata'] as const)(
    '%s: a 302 to another host is reported, never followed with the credential',
    async (vendor) => {
      sim.faults.add({
        vendor,
        route: 'data',
        kind: 'status',
        status: 302,
        headers: { location: `${elsewhere.baseUrls[vendor]}/stolen` },
      });
      try {
        const { context } = createExecuteContext({
          items: [
            {
              source: vendor,
              from: new Date(Date.now() - 2 * DAY).toISOString(),
              to: new Date().toISOString(),
              returnAll: true,
              output: 'raw',
            },
          ],
          credentials: simulatorCredentials(sim),
        });
        const error = await new AuditRelay().execute.call(context).catch((e: unknown) => e);
        expect(String((error as Error).message)).toMatch(/redirected to http:\/\/127\.0\.0\.1/);
        expect(elsewhere.requests).toEqual([]);
      } finally {
        sim.faults.clear();
      }
    },
  );
});
