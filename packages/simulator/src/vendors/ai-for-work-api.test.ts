import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { aiForWorkUrl, http, smallData } from '../testing/helpers.js';
import type { Simulator } from '../types.js';
import type { AiForWorkRecord } from './ai-for-work.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 15, 8, 0, 0);
const span = { start: NOW - 20 * DAY, end: NOW - DAY };
const ENTITY_ACTIONS: Record<string, string[]> = {
  usergroup: ['create', 'update', 'delete'],
  Agent: ['create', 'update', 'delete'],
  role: ['create', 'update', 'delete'],
  ssostatus: ['update'],
  serviceaccount: ['create', 'update', 'delete'],
  llmintegrations: ['create', 'update', 'delete'],
  domains: ['create', 'update', 'delete'],
  ratelimits: ['update'],
  emailnotificationpreferences: ['update'],
  nlprules: ['create', 'update', 'delete'],
  userenrollment: ['update'],
};

let sim: Simulator;
let key: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 'aiw', now: () => NOW, data: smallData(1500, span) });
  key = sim.credentials.aiForWork.apiKey;
});
afterAll(() => sim.close());

const get = (query: Record<string, string | number> = {}, auth = key) =>
  http(aiForWorkUrl(sim, query), { headers: { auth } });

describe('AI for Work auth', () => {
  it('accepts the personal key raw in the auth header', async () => {
    expect((await get({ startTime: new Date(NOW - 2 * DAY).toISOString() })).status).toBe(200);
  });

  it('rejects unknown, revoked (also at run time) and missing keys with 401 in the Kore shape', async () => {
    expect((await get({}, 'nope')).json).toEqual({
      errors: [{ msg: 'Invalid API key', code: 4001 }],
    });
    expect((await get({}, sim.credentials.aiForWork.revokedKeys![0])).status).toBe(401);
    expect((await http(aiForWorkUrl(sim))).status).toBe(401);
    expect((await get({}, `Bearer ${key}`)).status).toBe(401);
    const local = await startSimulator({ data: smallData(3) });
    try {
      const k = local.credentials.aiForWork.apiKey;
      expect((await http(aiForWorkUrl(local), { headers: { auth: k } })).status).toBe(200);
      local.credentials.aiForWork.revokedKeys!.push(k);
      expect((await http(aiForWorkUrl(local), { headers: { auth: k } })).status).toBe(401);
    } finally {
      await local.close();
    }
  });
});

describe('AI for Work records', () => {
  it('have exactly the sample fields and realistic values', async () => {
    const res = await get();
    expect(Object.keys(res.json)).toEqual(['logs']);
    const logs = res.json.logs as AiForWorkRecord[];
    expect(logs.length).toBeGreaterThan(0);
    for (const r of logs) {
      expect(Object.keys(r)).toEqual([
        'parentIds',
        '_id',
        'entity',
        'action',
        'userId',
        'accountId',
        'entityId',
        'delta',
        'htmlText',
        'userName',
        'emailId',
        'keywords',
        'cOn',
        '__v',
      ]);
      expect(r._id).toMatch(/^[0-9a-f]{24}$/);
      expect(parseInt(r._id.slice(0, 8), 16)).toBe(Math.floor(Date.parse(r.cOn) / 1000));
      expect(r.entityId).toMatch(/^[0-9a-f]{24}$/);
      expect(r.userId).toMatch(
        /^u-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(r.accountId).toMatch(/^ac-[0-9a-f-]{36}$/);
      expect(ENTITY_ACTIONS[r.entity]).toContain(r.action);
      expect(r.cOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(r.keywords).toBe('');
      expect(r.__v).toBe(0);
      expect(r.parentIds).toEqual([]);
      expect(r.htmlText).toMatch(/^(Create|Update|Delete) .+/);
      if (r.action === 'create') expect(r.delta.from).toEqual({});
      if (r.action === 'delete') expect(r.delta.to).toEqual({});
    }
    expect(logs.some((r) => r.htmlText.includes('<b>'))).toBe(true);
    expect(
      logs.some(
        (r) =>
          r.entity === 'nlprules' &&
          /^Update business rule <b>Answer rule - \d+<\/b>/.test(r.htmlText),
      ),
    ).toBe(true);
  });

  it('are newest first by default and capped at hardCap (1000) silently', async () => {
    const res = await get();
    const logs = res.json.logs as AiForWorkRecord[];
    expect(logs).toHaveLength(1000);
    const truth = sim.groundTruth('kore-ai-for-work') as AiForWorkRecord[];
    expect(logs).toEqual(truth.slice(-1000).reverse());
  });
});

describe('AI for Work filters', () => {
  it('startTime/endTime are inclusive; each field filter is an exact match', async () => {
    const truth = sim.groundTruth('kore-ai-for-work') as AiForWorkRecord[];
    const a = truth[200]!;
    const b = truth[400]!;
    const window = await get({ startTime: a.cOn, endTime: b.cOn });
    const expected = sim.groundTruth('kore-ai-for-work', { from: a.cOn, to: b.cOn });
    expect(window.json.logs).toEqual([...expected].reverse());
    expect(window.json.logs).toContainEqual(a);
    expect(window.json.logs).toContainEqual(b);

    const sample = truth[300]!;
    for (const filter of ['entity', 'entityId', 'userId', 'emailId', 'action'] as const) {
      const res = await get({ [filter]: sample[filter] });
      const want = sim
        .groundTruth('kore-ai-for-work', { [filter]: sample[filter] })
        .reverse()
        .slice(0, 1000);
      expect(want.length).toBeGreaterThan(0);
      expect(res.json.logs).toEqual(want);
      expect((res.json.logs as AiForWorkRecord[]).every((r) => r[filter] === sample[filter])).toBe(
        true,
      );
    }
    const combined = await get({
      entity: sample.entity,
      action: sample.action,
      emailId: sample.emailId,
      startTime: truth[0]!.cOn,
    });
    expect(combined.json.logs).toEqual(
      sim
        .groundTruth('kore-ai-for-work', {
          entity: sample.entity,
          action: sample.action,
          emailId: sample.emailId,
        })
        .reverse(),
    );
    expect((await get({ entity: 'usergroups' })).json.logs).toEqual([]);
  });

  it('rejects an invalid ISO time with 400', async () => {
    const res = await get({ startTime: 'yesterday' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].code).toBe(400);
  });

  it('a window split walk (the client strategy) collects exactly the ground truth', async () => {
    const seen = new Map<string, AiForWorkRecord>();
    let start = span.start;
    const step = DAY;
    while (start <= span.end) {
      const end = start + step - 1;
      const res = await get({
        startTime: new Date(start).toISOString(),
        endTime: new Date(end).toISOString(),
      });
      expect(res.json.logs.length).toBeLessThan(1000);
      for (const r of res.json.logs as AiForWorkRecord[]) seen.set(r._id, r);
      start += step;
    }
    const truth = sim.groundTruth('kore-ai-for-work') as AiForWorkRecord[];
    expect(
      [...seen.values()].sort((x, y) => x.cOn.localeCompare(y.cOn) || x._id.localeCompare(y._id)),
    ).toEqual(truth);
  });
});

describe('AI for Work behaviour switches', () => {
  it("order 'asc', endInclusive false, a smaller hardCap, undocumented limit/skip", async () => {
    const local = await startSimulator({
      seed: 'aiw',
      now: () => NOW,
      data: smallData(1500, span),
      behavior: {
        aiForWork: { order: 'asc', hardCap: 100, endInclusive: false, undocumentedPaging: true },
      },
    });
    try {
      const auth = { auth: local.credentials.aiForWork.apiKey };
      const truth = local.groundTruth('kore-ai-for-work') as AiForWorkRecord[];
      expect((await http(aiForWorkUrl(local), { headers: auth })).json.logs).toEqual(
        truth.slice(0, 100),
      );
      const paged = await http(aiForWorkUrl(local, { skip: 250, limit: 30 }), { headers: auth });
      expect(paged.json.logs).toEqual(truth.slice(250, 280));
      const end = truth[10]!.cOn;
      const exclusive = await http(aiForWorkUrl(local, { endTime: end }), { headers: auth });
      expect(exclusive.json.logs).toEqual(
        local.groundTruth('kore-ai-for-work', { to: end, toInclusive: false }),
      );
      expect((await http(aiForWorkUrl(local, { limit: 'x' }), { headers: auth })).status).toBe(400);
    } finally {
      await local.close();
    }
  });

  it('undocumented paging is ignored by default', async () => {
    const res = await get({ limit: 5, skip: 3 });
    expect(res.json.logs).toHaveLength(1000);
  });
});
