import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { startSimulator } from '@auditrelay/simulator';
import { ERROR_TABLE } from '@auditrelay/core/portable';
import { AuditRelay } from '../nodes/AuditRelay/AuditRelay.node';
import { createExecuteContext, ids, simulatorCredentials, type Simulator } from './helpers';

let sim: Simulator;
const DAY = 86_400_000;
let from: string;
let to: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, rateLimits: { 'kore-xo-admin-console': false } });
  const now = Date.now();
  from = new Date(now - 12 * DAY).toISOString();
  to = new Date(now - 2 * DAY).toISOString();
});
afterAll(() => sim.close());

function run(options: Parameters<typeof createExecuteContext>[0]) {
  const { context, http, hints, credentialReads } = createExecuteContext(options);
  return { result: new AuditRelay().execute.call(context), http, hints, credentialReads };
}

const base = (source: string, extra: Record<string, unknown> = {}) => ({
  source,
  from,
  to,
  returnAll: true,
  output: 'simplified',
  ...extra,
});

describe('Audit Relay: Get Many', () => {
  it('describes one Get Many operation with its credentials per source', () => {
    const { description } = new AuditRelay();
    expect(description.name).toBe('auditRelay');
    expect(description.usableAsTool).toBe(true);
    expect(description.credentials?.map((credential) => credential.name)).toEqual([
      'koreAiXoApi',
      'koreAiForWorkApi',
      'uiPathOAuth2Api',
    ]);
    const names = description.properties.map((property) => property.name);
    expect(names).toEqual(
      expect.arrayContaining(['source', 'from', 'to', 'returnAll', 'limit', 'filters', 'output']),
    );
  });

  it('Return All pages to the end of the range (Kore.ai XO, 100 per page)', async () => {
    const truth = sim.groundTruth('kore-xo-admin-console', { from, to }) as Array<{
      AuditLogId: string;
    }>;
    expect(truth.length).toBeGreaterThan(300);
    const { result, http } = run({
      items: [base('kore-xo-admin-console')],
      credentials: simulatorCredentials(sim),
    });
    const [items] = await result;
    expect(items).toHaveLength(truth.length);
    expect(new Set(ids(items!)).size).toBe(truth.length);
    expect(ids(items!).sort()).toEqual(truth.map((record) => record.AuditLogId).sort());
    expect(http.sent.length).toBeGreaterThan(Math.floor(truth.length / 100));
    // The credential signs the JWT; the core's placeholder never reaches the wire.
    for (const request of http.sent) expect(request.headers.auth).toMatch(/^eyJ/);
    expect(JSON.stringify(http.sent)).not.toContain('placeholder');
    for (const item of items!) expect(item.pairedItem).toEqual({ item: 0 });
  });

  it.each([
    ['kore-ai-for-work'],
    ['uipath-orchestrator-odata'],
    ['uipath-platform-audit'],
  ] as const)('Return All equals the ground truth for %s', async (source) => {
    const truth = sim.groundTruth(source, { from, to });
    const { result, hints } = run({
      items: [base(source)],
      credentials: simulatorCredentials(sim),
    });
    const [items, completeness] = await result;
    expect(items).toHaveLength(truth.length);
    expect(new Set(ids(items!)).size).toBe(truth.length);
    // The second output: one report per input item, never mixed into the events.
    expect(completeness).toHaveLength(1);
    expect(completeness![0]!.json).toMatchObject({
      source: { type: source },
      status: 'complete',
      delivered: truth.length,
    });
    expect(completeness![0]!.pairedItem).toEqual({ item: 0 });
    expect(hints.map((hint) => hint.message)).toEqual([
      expect.stringMatching(new RegExp(`^Completeness: ${source} ".*": complete`)) as string,
    ]);
  });

  it('Limit stops early and every item is paired with its input', async () => {
    const { result } = run({
      items: [
        base('uipath-orchestrator-odata', { returnAll: false, limit: 7 }),
        base('kore-xo-admin-console', { returnAll: false, limit: 3 }),
      ],
      credentials: simulatorCredentials(sim),
    });
    const [items] = await result;
    expect(items).toHaveLength(10);
    expect(
      items!
        .slice(0, 7)
        .every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
    ).toBe(true);
    expect(items!.slice(7).map((item) => item.pairedItem)).toEqual([
      { item: 1 },
      { item: 1 },
      { item: 1 },
    ]);
  });

  it.each([
    ['uipath-orchestrator-odata', 'Id', '$filter', /ExecutionTime ge (\S+)/],
    ['kore-xo-admin-console', 'AuditLogId', 'fromDate', /(.+)/],
  ] as const)(
    'Parallel Requests reads %s in time slices and returns the events in time order',
    async (source, idField, param, startOf) => {
      const truth = sim.groundTruth(source, { from, to }) as Array<Record<string, unknown>>;
      const { result, http } = run({
        items: [base(source, { parallelRequests: 4 })],
        credentials: simulatorCredentials(sim),
      });
      const [items] = await result;
      // The ground truth is in time order (ties by id): the same list, in the same order.
      expect(ids(items!)).toEqual(truth.map((record) => String(record[idField])));
      // Each slice starts its own walk: four distinct range starts went out.
      const starts = new Set(
        http.sent.map(
          (request) => startOf.exec(new URL(request.url).searchParams.get(param) ?? '')?.[1],
        ),
      );
      starts.delete(undefined);
      expect(starts.size).toBe(4);
    },
  );

  it('Parallel Requests out of range is a NodeOperationError naming the parameter', async () => {
    const { result } = run({
      items: [base('uipath-orchestrator-odata', { parallelRequests: 100 })],
      credentials: simulatorCredentials(sim),
    });
    const error = (await result.catch((caught: unknown) => caught)) as NodeOperationError;
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toContain('parameter "Parallel Requests"');
  });

  it('passes the AI for Work filters to the API', async () => {
    const all = sim.groundTruth('kore-ai-for-work', { from, to }) as Array<{ userId: string }>;
    const userId = all[0]!.userId;
    const truth = sim.groundTruth('kore-ai-for-work', { from, to, userId });
    const { result, http } = run({
      items: [base('kore-ai-for-work', { filters: { userId, action: '' } })],
      credentials: simulatorCredentials(sim),
    });
    const [items] = await result;
    expect(items).toHaveLength(truth.length);
    expect(truth.length).toBeLessThan(all.length);
    expect(http.sent.every((request) => request.url.includes(`userId=${userId}`))).toBe(true);
    expect(http.sent.some((request) => request.url.includes('action='))).toBe(false);
  });

  it('Raw output is the vendor record, Simplified the normalized event without it', async () => {
    const truth = sim.groundTruth('uipath-orchestrator-odata', { from, to }) as Array<{
      Id: number;
    }>;
    const { result } = run({
      items: [
        base('uipath-orchestrator-odata', { returnAll: false, limit: 1, output: 'raw' }),
        base('uipath-orchestrator-odata', { returnAll: false, limit: 1 }),
      ],
      credentials: simulatorCredentials(sim),
    });
    const [items] = await result;
    expect(items![0]!.json.Id).toBe(truth[0]!.Id);
    expect(items![1]!.json).toMatchObject({
      schemaVersion: 1,
      source: { type: 'uipath-orchestrator-odata' },
    });
    expect(items![1]!.json).not.toHaveProperty('raw');
  });

  it('OCSF and ECS outputs map each event for SIEM pipelines', async () => {
    const { result } = run({
      items: [
        base('uipath-orchestrator-odata', { returnAll: false, limit: 2, output: 'ocsf' }),
        base('uipath-orchestrator-odata', { returnAll: false, limit: 2, output: 'ecs' }),
      ],
      credentials: simulatorCredentials(sim),
    });
    const [items] = await result;
    const ocsf = items!.filter(
      (item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0,
    );
    const ecs = items!.filter(
      (item) => item.pairedItem && (item.pairedItem as { item: number }).item === 1,
    );
    expect(ocsf).toHaveLength(2);
    for (const item of ocsf) {
      expect(item.json).toMatchObject({
        metadata: { version: '1.8.0', product: { vendor_name: 'UiPath' } },
      });
      expect(item.json.type_uid).toBe(
        (item.json.class_uid as number) * 100 + (item.json.activity_id as number),
      );
    }
    expect(ecs).toHaveLength(2);
    for (const item of ecs)
      expect(item.json).toMatchObject({
        ecs: { version: '8.17.0' },
        event: { kind: 'event', provider: 'uipath-orchestrator-odata' },
      });
  });

  it('UiPath: n8n resolves the credential for the first request only, its token signs the rest', async () => {
    const credentials = simulatorCredentials(sim);
    const truth = sim.groundTruth('uipath-orchestrator-odata', { from, to });
    const first = run({ items: [base('uipath-orchestrator-odata')], credentials });
    const [items] = await first.result;
    expect(items).toHaveLength(truth.length);
    expect(first.http.sent.length).toBeGreaterThanOrEqual(3);
    // No token stored yet: n8n fetches one for the first request; the credential is read again
    // for it, and every later request carries it as n8n's OAuth2 helper would.
    expect(first.http.authenticated()).toBe(1);
    expect(first.credentialReads()).toBe(2);
    const token = (credentials.uiPathOAuth2Api!.oauthTokenData as { access_token: string })
      .access_token;
    for (const request of first.http.sent)
      expect(request.headers.Authorization).toBe(`Bearer ${token}`);
    expect(JSON.stringify(first.http.sent)).not.toContain('placeholder');

    // The next execution finds the stored token: one credential read, n8n signs nothing.
    const second = run({ items: [base('uipath-orchestrator-odata')], credentials });
    expect(await second.result.then(([events]) => events!.length)).toBe(truth.length);
    expect(second.http.authenticated()).toBe(0);
    expect(second.credentialReads()).toBe(1);
    expect(second.http.refreshes()).toBe(0);
  });

  it('UiPath: a stored token the API refuses (401) is refreshed by n8n once, and the new one signs', async () => {
    const credentials = simulatorCredentials(sim);
    credentials.uiPathOAuth2Api!.oauthTokenData = {
      access_token: 'a-stale-token-from-an-earlier-run',
      token_type: 'Bearer',
    };
    const truth = sim.groundTruth('uipath-orchestrator-odata', { from, to });
    const { result, http } = run({ items: [base('uipath-orchestrator-odata')], credentials });
    const [items] = await result;
    expect(items).toHaveLength(truth.length);
    expect(http.refreshes()).toBe(1);
    expect(http.authenticated()).toBe(0);
    expect(http.sent[0]!.headers.Authorization).toBe('Bearer a-stale-token-from-an-earlier-run');
    const token = (credentials.uiPathOAuth2Api!.oauthTokenData as { access_token: string })
      .access_token;
    for (const request of http.sent.slice(1))
      expect(request.headers.Authorization).toBe(`Bearer ${token}`);
  });

  it('Kore.ai: the credential goes to n8n decrypted, read once per input item', async () => {
    const { result, http, credentialReads } = run({
      items: [base('kore-xo-admin-console')],
      credentials: simulatorCredentials(sim),
    });
    await result;
    expect(http.sent.length).toBeGreaterThan(3);
    expect(http.withDecrypted()).toBe(http.sent.length);
    expect(credentialReads()).toBe(1);
  });

  it('gets a new UiPath token from n8n after a 401 and carries on', async () => {
    const { result, http } = run({
      items: [base('uipath-orchestrator-odata', { returnAll: false, limit: 5 })],
      credentials: simulatorCredentials(sim),
      expireUipathToken: 1,
    });
    const [items] = await result;
    expect(items).toHaveLength(5);
    expect(http.refreshes()).toBe(1);
  });

  it('a rejected credential is a NodeApiError with the vendor message and no secret', async () => {
    const credentials = simulatorCredentials(sim);
    credentials.koreAiXoApi = {
      ...credentials.koreAiXoApi,
      clientSecret: 'not-the-example-secret',
    };
    const { result } = run({ items: [base('kore-xo-admin-console')], credentials });
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NodeApiError);
    const { message, description } = error as NodeApiError;
    expect(message).toContain('Invalid SDK credentials');
    expect(message).toContain('401');
    // The core's hint for the code, the one the CLI prints too.
    expect(description).toBe(ERROR_TABLE.AUTH_FAILED.hint);
    expect(`${message} ${description}`).not.toContain('not-the-example-secret');
  });

  it('a bad UiPath client secret fails on the token with a clear message', async () => {
    const credentials = simulatorCredentials(sim);
    credentials.uiPathOAuth2Api = {
      ...credentials.uiPathOAuth2Api,
      clientSecret: 'bad-uipath-secret',
    };
    const { result } = run({ items: [base('uipath-orchestrator-odata')], credentials });
    const error = (await result.catch((caught: unknown) => caught)) as NodeApiError;
    expect(error).toBeInstanceOf(NodeApiError);
    expect(error.message).toMatch(/token request was refused.*invalid_client/);
    expect(error.message).toContain('OR.Audit.Read');
    expect(error.message).not.toContain('bad-uipath-secret');
  });

  it("reads wall-clock times in the workflow's time zone", async () => {
    const { context, http } = createExecuteContext({
      items: [
        base('kore-xo-admin-console', {
          from: '2026-11-01T00:00:00',
          to: '2026-11-01T06:00:00',
          returnAll: false,
          limit: 1,
        }),
      ],
      credentials: simulatorCredentials(sim),
      timeZone: 'Asia/Kolkata',
    });
    await new AuditRelay().execute.call(context);
    const url = new URL(http.sent[0]!.url);
    // 00:00 and 06:00 in Kolkata, each asked one millisecond wider (bound inclusiveness is
    // undocumented, so the core widens every request and filters the margin out).
    expect(url.searchParams.get('fromDate')).toBe('2026-10-31T18:29:59.999Z');
    expect(url.searchParams.get('toDate')).toBe('2026-11-01T00:30:00.001Z');
  });

  it('a bad parameter is a NodeOperationError naming the field', async () => {
    const { result } = run({
      items: [base('kore-xo-admin-console', { from: 'last tuesday' })],
      credentials: simulatorCredentials(sim),
    });
    const error = (await result.catch((caught: unknown) => caught)) as NodeOperationError;
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toContain('parameter "Start Time"');
  });

  it('a missing credential field is a NodeOperationError naming it', async () => {
    const credentials = simulatorCredentials(sim);
    credentials.uiPathOAuth2Api = { ...credentials.uiPathOAuth2Api, organization: '' };
    const { result } = run({ items: [base('uipath-orchestrator-odata')], credentials });
    const error = (await result.catch((caught: unknown) => caught)) as NodeOperationError;
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toContain('credential field "Organization"');
  });

  it('continueOnFail turns a failed item into an error item and keeps the others', async () => {
    const { result } = run({
      items: [
        base('kore-xo-admin-console', { from: 'not a date' }),
        base('uipath-orchestrator-odata', { returnAll: false, limit: 2 }),
      ],
      credentials: simulatorCredentials(sim),
      continueOnFail: true,
    });
    const [items] = await result;
    expect(items).toHaveLength(3);
    expect(items![0]!.json.error).toContain('Start Time');
    expect(items![0]!.pairedItem).toEqual({ item: 0 });
    expect(items!.slice(1).map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 1 }]);
  });

  it("a failure after some pages drops that item's events: one error item, never half a result", async () => {
    // Kore.ai XO pages hold 100 events: the third request fails after 200 events were read.
    sim.faults.add({
      vendor: 'kore-xo-admin-console',
      kind: 'status',
      status: 403,
      afterRequests: 2,
    });
    try {
      const { result, http } = run({
        items: [
          base('uipath-orchestrator-odata', { returnAll: false, limit: 2 }),
          base('kore-xo-admin-console'),
          base('uipath-orchestrator-odata', { returnAll: false, limit: 3 }),
        ],
        credentials: simulatorCredentials(sim),
        continueOnFail: true,
      });
      const [items] = await result;
      expect(http.sent.filter((request) => request.credentialType === 'koreAiXoApi')).toHaveLength(
        3,
      );
      expect(items!.map((item) => item.pairedItem)).toEqual([
        { item: 0 },
        { item: 0 },
        { item: 1 },
        { item: 2 },
        { item: 2 },
        { item: 2 },
      ]);
      expect(items![2]!.json.error).toContain('403');
      expect(items!.filter((item) => item.json.error !== undefined)).toHaveLength(1);
    } finally {
      sim.faults.clear();
    }
  });
});

describe('Audit Relay: Get Many of a large range', () => {
  // More events than a spread into push() takes as arguments (the call stack overflows at
  // about 120k): Return All must still hand every one of them to n8n.
  const COUNT = 150_000;
  const START = Date.parse('2026-10-01T00:00:00.000Z');
  const END = Date.parse('2026-10-31T00:00:00.000Z');
  let large: Simulator;

  beforeAll(async () => {
    large = await startSimulator({
      seed: 'n8n-large',
      data: { 'uipath-orchestrator-odata': { count: COUNT, start: START, end: END } },
    });
  });
  afterAll(() => large.close());

  it(`returns all ${COUNT.toLocaleString('en-US')} events, once each, in the API's order`, async () => {
    const { result } = run({
      items: [
        base('uipath-orchestrator-odata', {
          from: new Date(START).toISOString(),
          to: new Date(END).toISOString(),
        }),
      ],
      credentials: simulatorCredentials(large),
    });
    const [items] = await result;
    expect(items).toHaveLength(COUNT);
    const idList = ids(items!).map(Number);
    expect(new Set(idList).size).toBe(COUNT);
    expect(idList.every((id, index) => index === 0 || id > idList[index - 1]!)).toBe(true);
    expect(items!.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
    expect(items![0]!.json).not.toHaveProperty('raw');
  }, 120_000);
});
