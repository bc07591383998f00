import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { bearer, http, pmUrl, smallData, uipathToken } from '../testing/helpers.js';
import type { Simulator } from '../types.js';
import type { UiPathPlatformRecord } from './uipath-platform.js';

const NOW = Date.UTC(2026, 2, 10, 9, 30, 0);

let sim: Simulator;
let auth: Record<string, string>;
let pgid: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 'pm', now: () => NOW, data: smallData(250) });
  auth = bearer(await uipathToken(sim, 'PM.Audit.Read'));
  pgid = sim.credentials.uipath.partitionGlobalId;
});
afterAll(() => sim.close());

const get = (query: Record<string, string | number> = {}, tail = `/${pgid}`, headers = auth) =>
  http(pmUrl(sim, query, tail), { headers });
const newestFirst = () =>
  [...(sim.groundTruth('uipath-platform-audit') as UiPathPlatformRecord[])].reverse();

describe('UiPath PM audit: auth and routing', () => {
  it('rejects missing, unknown and expired tokens with 401 + WWW-Authenticate: Bearer', async () => {
    for (const headers of [{}, bearer('nope')]) {
      const res = await get({}, '', headers);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(Object.keys(res.json).sort()).toEqual(['errorCode', 'message', 'traceId']);
    }
  });

  it('403 for a token without PM.Audit(.Read)', async () => {
    const res = await get({}, '', bearer(await uipathToken(sim, 'OR.Audit.Read')));
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/PM\.Audit/);
  });

  it('serves every documented URL form, tenant segment and trailing slash included', async () => {
    const { organization, tenant } = sim.credentials.uipath;
    const urls = [
      `${sim.url}/uipath/${organization}/audit_/api/auditlogs`,
      `${sim.url}/uipath/${organization}/audit_/api/auditlogs/`,
      `${sim.url}/uipath/${organization}/audit_/api/auditlogs/${pgid}`,
      `${sim.url}/uipath/${organization}/${tenant}/audit_/api/auditlogs/?language=en&top=2&skip=2&sortBy=createdOn&sortOrder=asc`,
      `${sim.url}/uipath/${organization}/${tenant}/audit_/api/auditlogs/${pgid.toUpperCase()}/`,
      `${sim.url}/uipath/${pgid}/audit_/api/auditlogs`,
    ];
    for (const url of urls) expect((await http(url, { headers: auth })).status, url).toBe(200);
  });

  it('unknown org or tenant → 404; a wrong partitionGlobalId → 400 ASP.NET validation', async () => {
    expect(
      (await http(`${sim.url}/uipath/other-org/audit_/api/auditlogs`, { headers: auth })).status,
    ).toBe(404);
    expect(
      (
        await http(
          `${sim.url}/uipath/${sim.credentials.uipath.organization}/NoTenant/audit_/api/auditlogs`,
          { headers: auth },
        )
      ).status,
    ).toBe(404);
    const res = await get({}, `/${sim.credentials.uipath.organization}`);
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual({
      partitionGlobalId: [`The value '${sim.credentials.uipath.organization}' is not valid.`],
    });
  });
});

describe('UiPath PM audit: data', () => {
  it('records look like the seed sample', async () => {
    const res = await get({ top: 50 });
    expect(Object.keys(res.json)).toEqual(['totalCount', 'results']);
    expect(res.json.totalCount).toBe(250);
    for (const r of res.json.results as UiPathPlatformRecord[]) {
      expect(Object.keys(r)).toEqual([
        'createdOn',
        'category',
        'action',
        'auditLogDetails',
        'userName',
        'email',
        'message',
        'detailsVersion',
        'source',
      ]);
      expect(r.createdOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+00:00$/);
      expect(r.detailsVersion).toBe('1.0');
      expect(['Cis', 'Identity', 'PortalService', 'OMS']).toContain(r.source);
      expect(r.auditLogDetails).toMatch(/^\{\r\n {2}"/);
      expect(() => JSON.parse(r.auditLogDetails) as unknown).not.toThrow();
      if (r.action === 'Login') {
        expect(r.message).toBe(`User '${JSON.parse(r.auditLogDetails).userName}' logged in`);
      }
    }
    const all = sim.groundTruth('uipath-platform-audit') as UiPathPlatformRecord[];
    expect(new Set(all.map((r) => r.createdOn)).size).toBe(all.length);
    expect(all.some((r) => r.userName === 'System Administrator' && r.email === '')).toBe(true);
  });

  it('defaults: top 10, newest first; top/skip page by records; top over 1000 is clamped', async () => {
    const truth = newestFirst();
    expect((await get()).json.results).toEqual(truth.slice(0, 10));
    expect((await get({ top: 7, skip: 20 })).json.results).toEqual(truth.slice(20, 27));
    expect((await get({ top: 5, skip: 3, sortOrder: 'asc' })).json.results).toEqual(
      [...truth].reverse().slice(3, 8),
    );
    const big = await startSimulator({ data: smallData(1200) });
    try {
      const res = await http(pmUrl(big, { top: 5000 }), {
        headers: bearer(await uipathToken(big)),
      });
      expect(res.json.results).toHaveLength(1000);
    } finally {
      await big.close();
    }
  });

  it('a full skip walk (asc and desc) equals the ground truth', async () => {
    for (const sortOrder of ['asc', 'desc']) {
      const seen: UiPathPlatformRecord[] = [];
      for (let skip = 0; ; skip += 37) {
        const res = await get({ top: 37, skip, sortOrder });
        seen.push(...res.json.results);
        if (res.json.results.length < 37) break;
      }
      const truth = sim.groundTruth('uipath-platform-audit');
      expect(seen).toEqual(sortOrder === 'asc' ? truth : [...truth].reverse());
    }
  });

  it.each(['category', 'action', 'email', 'userName', 'source'])(
    'sortBy=%s sorts with ties in insertion order, stable across pages',
    async (sortBy) => {
      const field = sortBy as keyof UiPathPlatformRecord;
      const truth = sim.groundTruth('uipath-platform-audit') as UiPathPlatformRecord[];
      const lower = (r: UiPathPlatformRecord) => r[field].toLowerCase();
      const asc = truth
        .map((r, i) => ({ r, i }))
        .sort((a, b) => (lower(a.r) < lower(b.r) ? -1 : lower(a.r) > lower(b.r) ? 1 : a.i - b.i))
        .map((x) => x.r);
      const pages: UiPathPlatformRecord[] = [];
      for (let skip = 0; skip < truth.length; skip += 100) {
        pages.push(...(await get({ sortBy, sortOrder: 'asc', top: 100, skip })).json.results);
      }
      expect(pages).toEqual(asc);
      expect((await get({ sortBy: sortBy.toUpperCase(), top: 20 })).json.results).toEqual(
        [...asc].reverse().slice(0, 20),
      );
    },
  );

  it.each([
    [{ top: 'ten' }, 'top'],
    [{ skip: '-1' }, 'skip'],
    [{ top: '99999999999' }, 'top'],
    [{ sortBy: 'id' }, 'sortBy'],
    [{ sortOrder: 'up' }, 'sortOrder'],
  ])('rejects %j with an ASP.NET validation error', async (query, field) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json).toMatchObject({
      status: 400,
      title: 'One or more validation errors occurred.',
    });
    expect(Object.keys(res.json.errors)).toEqual([field]);
  });

  it('ignores language and api-version, and reads parameter names case-insensitively', async () => {
    expect((await get({ language: 'ja', 'api-version': '1.0', TOP: 3 })).json.results).toEqual(
      newestFirst().slice(0, 3),
    );
  });

  it('records appended mid-walk are visible at once (a desc skip walk sees shifts)', async () => {
    const local = await startSimulator({ seed: 'pm', now: () => NOW, data: smallData(30) });
    try {
      const h = bearer(await uipathToken(local));
      const first = await http(pmUrl(local, { top: 10 }), { headers: h });
      const [added] = local.append('uipath-platform-audit', 1) as UiPathPlatformRecord[];
      const second = await http(pmUrl(local, { top: 10, skip: 10 }), { headers: h });
      expect(second.json.totalCount).toBe(31);
      expect(second.json.results[0]).toEqual(first.json.results[9]);
      expect((await http(pmUrl(local, { top: 1 }), { headers: h })).json.results[0]).toEqual(added);
    } finally {
      await local.close();
    }
  });
});

describe('UiPath PM audit: download', () => {
  it('streams CSV, newest first, with the documented columns', async () => {
    for (const tail of ['/download', '/download/']) {
      const res = await get({ language: 'en', size: 13 }, tail);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="audit-logs.csv"');
      const rows = parse<Record<string, string>>(res.text, { columns: true });
      expect(Object.keys(rows[0]!)).toEqual([
        'Date',
        'Source',
        'Category',
        'Action',
        'User Name',
        'Email',
        'Message',
        'Details',
      ]);
      const truth = newestFirst().slice(0, 13);
      expect(rows.map((r) => [r['Date'], r['Details'], r['Message']])).toEqual(
        truth.map((r) => [r.createdOn, r.auditLogDetails, r.message]),
      );
    }
  });

  it('default size is 1000 rows; large downloads stream', async () => {
    const big = await startSimulator({ data: { 'uipath-platform-audit': { count: 5000 } } });
    try {
      const h = bearer(await uipathToken(big));
      const dflt = await http(pmUrl(big, {}, '/download'), { headers: h });
      expect(dflt.headers['transfer-encoding']).toBe('chunked');
      expect(parse(dflt.text, { columns: true }).length).toBe(1000);
      const all = await http(pmUrl(big, { size: 100000 }, '/download'), { headers: h });
      expect(parse(all.text, { columns: true }).length).toBe(5000);
    } finally {
      await big.close();
    }
  });

  it('needs the same scope', async () => {
    expect((await get({}, '/download', bearer(await uipathToken(sim, 'OR.Audit')))).status).toBe(
      403,
    );
  });
});
