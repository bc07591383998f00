import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { bearer, http, orchestratorUrl, smallData, uipathToken } from '../testing/helpers.js';
import { checkSchema, loadOpenApi } from '../testing/openapi-check.js';
import type { Schema } from '../testing/openapi-check.js';
import type { Simulator } from '../types.js';
import type { AuditLogDto } from './orchestrator.js';

const spec = loadOpenApi(
  new URL('../__fixtures__/uipath-orchestrator-auditlogs.openapi.yaml', import.meta.url),
);
const listSchema =
  spec.paths['/odata/AuditLogs']!['get']!.responses!['200']!.content!['application/json']!.schema!;
const detailsSchema =
  spec.paths[
    '/odata/AuditLogs/UiPath.Server.Configuration.OData.GetAuditLogDetails(auditLogId={auditLogId})'
  ]!['get']!.responses!['200']!.content!['application/json']!.schema!;
const dtoFields = Object.keys(spec.components!.schemas!['AuditLogDto']!.properties!);
// Orchestrator sends "ExternalClientId": null for users; the vendor schema omits `nullable`.
const options = { allPresent: true, nullable: ['ExternalClientId'] };

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 1, 10, 0, 0);

let sim: Simulator;
let auth: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ seed: 'orch', now: () => NOW, data: smallData(1500) });
  auth = bearer(await uipathToken(sim, 'OR.Audit.Read'));
});
afterAll(() => sim.close());

const get = (query: Record<string, string | number> = {}, headers = auth) =>
  http(orchestratorUrl(sim, query), { headers });
const truth = () => sim.groundTruth('uipath-orchestrator-odata') as AuditLogDto[];
const byId = () => [...truth()].sort((a, b) => a.Id - b.Id);

describe('Orchestrator OData: OpenAPI fixture', () => {
  it('every record of a page has exactly the schema properties with the right types and enums', async () => {
    const res = await get({ $top: 1000 });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json; odata\.metadata=minimal/);
    expect(res.json.value).toHaveLength(1000);
    // The OData envelope adds @odata.* to the schema's { value }.
    const { ['@odata.context']: context, ...rest } = res.json;
    expect(context).toBe(
      `${sim.url}/uipath/${sim.credentials.uipath.organization}/${sim.credentials.uipath.tenant}/orchestrator_/odata/$metadata#AuditLogs`,
    );
    expect(checkSchema(spec, listSchema, rest, options)).toEqual([]);
    for (const dto of res.json.value as AuditLogDto[]) {
      expect(Object.keys(dto).sort()).toEqual([...dtoFields].sort());
      expect(dto.Entities).toEqual([]);
      expect(dto.ExecutionTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(() => JSON.parse(dto.Parameters) as unknown).not.toThrow();
      if (dto.ExternalClientId !== null) expect(dto.ExternalClientId).toMatch(/^[0-9a-f-]{36}$/);
      expect(dto.OperationText).toMatch(
        new RegExp(`^User ${dto.UserName.replace(/[.]/g, '\\.')} `),
      );
    }
    const values = res.json.value as AuditLogDto[];
    expect(new Set(values.map((v) => v.UserType)).size).toBeGreaterThan(2);
    expect(values.some((v) => v.ExternalClientId !== null)).toBe(true);
    expect(values.some((v) => v.UserIsDeleted)).toBe(true);
  });

  it('the checker itself catches wrong types, enums and missing fields', () => {
    const dto = spec.components!.schemas!['AuditLogDto'] as Schema;
    const good = truth()[0]!;
    expect(checkSchema(spec, dto, good, options)).toEqual([]);
    expect(checkSchema(spec, dto, { ...good, Action: 'Explode' }, options)).toHaveLength(1);
    expect(checkSchema(spec, dto, { ...good, Id: '1' }, options)).toHaveLength(1);
    expect(checkSchema(spec, dto, { ...good, ExecutionTime: 'yesterday' }, options)).toHaveLength(
      1,
    );
    const { UserIsDeleted: _, ...missing } = good;
    expect(checkSchema(spec, dto, missing, options)).toEqual(['$.UserIsDeleted: missing']);
    expect(checkSchema(spec, dto, { ...good, Extra: 1 }, options)).toEqual([
      '$.Extra: not in the schema',
    ]);
  });

  it('details: AuditLogEntityDto list with CustomData old/new values', async () => {
    const { organization, tenant } = sim.credentials.uipath;
    for (const id of [1, 2, 500, 1500]) {
      const url = `${sim.url}/uipath/${organization}/${tenant}/orchestrator_/odata/AuditLogs/UiPath.Server.Configuration.OData.GetAuditLogDetails(auditLogId=${id})`;
      const res = await http(url, { headers: auth });
      expect(res.status).toBe(200);
      const { ['@odata.context']: _, ...rest } = res.json;
      expect(checkSchema(spec, detailsSchema, rest, { allPresent: true })).toEqual([]);
      expect(res.json.value.length).toBeGreaterThan(0);
      for (const e of res.json.value) {
        expect(e.AuditLogId).toBe(id);
        expect(
          Object.keys(JSON.parse(e.CustomData)).every(
            (k) => k === 'OldValues' || k === 'NewValues',
          ),
        ).toBe(true);
      }
    }
    const encoded = `${sim.url}/uipath/${organization}/${tenant}/orchestrator_/odata/AuditLogs/UiPath.Server.Configuration.OData.GetAuditLogDetails%28auditLogId%3D3%29`;
    expect((await http(encoded, { headers: auth })).json.value[0].AuditLogId).toBe(3);
    const missing = `${sim.url}/uipath/${organization}/${tenant}/orchestrator_/odata/AuditLogs/UiPath.Server.Configuration.OData.GetAuditLogDetails(auditLogId=999999)`;
    expect((await http(missing, { headers: auth })).json.value).toEqual([]);
    const bad = `${sim.url}/uipath/${organization}/${tenant}/orchestrator_/odata/AuditLogs/UiPath.Server.Configuration.OData.GetAuditLogDetails(auditLogId=abc)`;
    expect((await http(bad, { headers: auth })).status).toBe(400);
  });
});

describe('Orchestrator OData: auth', () => {
  it('401 without a valid token, 403 without OR.Audit(.Read), 404 for an unknown tenant', async () => {
    const none = await get({}, {});
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json).toMatchObject({ message: 'You are not authenticated!', errorCode: 0 });
    const pm = await get({}, bearer(await uipathToken(sim, 'PM.Audit')));
    expect(pm.status).toBe(403);
    expect(Object.keys(pm.json).sort()).toEqual(['errorCode', 'message', 'traceId']);
    expect((await get({}, bearer(await uipathToken(sim, 'OR.Audit')))).status).toBe(200);
    const res = await http(
      `${sim.url}/uipath/${sim.credentials.uipath.organization}/Nope/orchestrator_/odata/AuditLogs`,
      { headers: auth },
    );
    expect(res.status).toBe(404);
  });
});

describe('Orchestrator OData: query options', () => {
  it('$top defaults to 1000, is clamped above 1000 (or rejected), $skip pages, $count counts the match', async () => {
    expect((await get()).json.value).toEqual(byId().slice(0, 1000));
    expect((await get({ $top: 5000 })).json.value).toHaveLength(1000);
    const page = await get({ $top: 50, $skip: 1450, $count: 'true' });
    expect(page.json['@odata.count']).toBe(1500);
    expect(page.json.value).toEqual(byId().slice(1450));
    expect(Object.keys(page.json)).toEqual(['@odata.context', '@odata.count', 'value']);
    expect((await get({ $count: 'false' })).json['@odata.count']).toBeUndefined();
    const strict = await startSimulator({
      data: smallData(5),
      behavior: { orchestrator: { oversizeTop: 'reject' } },
    });
    try {
      const res = await http(orchestratorUrl(strict, { $top: 1001 }), {
        headers: bearer(await uipathToken(strict)),
      });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ errorCode: 1002 });
      expect(res.json.message).toMatch(/The limit of '1000' for Top query has been exceeded/);
    } finally {
      await strict.close();
    }
  });

  it('$orderby: Id, Id desc, ExecutionTime asc,Id asc, ExecutionTime desc', async () => {
    const ids = byId();
    const time = truth();
    expect((await get({ $orderby: 'Id', $top: 30 })).json.value).toEqual(ids.slice(0, 30));
    expect((await get({ $orderby: 'Id desc', $top: 30 })).json.value).toEqual(
      [...ids].reverse().slice(0, 30),
    );
    expect(
      (await get({ $orderby: 'ExecutionTime asc,Id asc', $top: 40, $skip: 100 })).json.value,
    ).toEqual(time.slice(100, 140));
    expect((await get({ $orderby: 'ExecutionTime desc, Id desc', $top: 40 })).json.value).toEqual(
      [...time].reverse().slice(0, 40),
    );
    expect((await get({ $orderby: 'UserName' })).status).toBe(400);
  });

  it('$filter: Id and ExecutionTime comparisons joined by and, quoted or not', async () => {
    const all = truth();
    const t1 = all[300]!.ExecutionTime;
    const t2 = all[900]!.ExecutionTime;
    const cases: Array<[string, (d: AuditLogDto) => boolean]> = [
      ['Id gt 1400', (d) => d.Id > 1400],
      ['Id ge 1400 and Id le 1410', (d) => d.Id >= 1400 && d.Id <= 1410],
      ['Id eq 7', (d) => d.Id === 7],
      ['Id lt 3', (d) => d.Id < 3],
      [
        `ExecutionTime ge ${t1} and ExecutionTime lt ${t2}`,
        (d) => d.ExecutionTime >= t1 && d.ExecutionTime < t2,
      ],
      [`ExecutionTime gt '${t1}'`, (d) => d.ExecutionTime > t1],
      [`(ExecutionTime le ${t2}) and (Id gt 100)`, (d) => d.ExecutionTime <= t2 && d.Id > 100],
    ];
    for (const [filter, predicate] of cases) {
      const res = await get({
        $filter: filter,
        $orderby: 'ExecutionTime asc,Id asc',
        $count: 'true',
      });
      const want = all.filter(predicate);
      expect(res.json['@odata.count'], filter).toBe(want.length);
      expect(res.json.value, filter).toEqual(want.slice(0, 1000));
    }
  });

  it.each([
    'UserName eq admin',
    'Id gt 5 or Id lt 2',
    'Id gt five',
    'ExecutionTime gt yesterday',
    'ExecutionTime gt 2026-01-01',
    "contains(OperationText, 'robot')",
  ])('rejects $filter=%s with 400 errorCode 1002', async (filter) => {
    const res = await get({ $filter: filter });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      errorCode: 1002,
      message: expect.stringMatching(/^The query specified in the URI is not valid/),
    });
    expect(res.json.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects bad $top/$skip/$count and unknown $options', async () => {
    const bad: Array<Record<string, string | number>> = [
      { $top: -1 },
      { $skip: 'x' },
      { $count: 'yes' },
      { $apply: 'x' },
    ];
    for (const query of bad) {
      expect((await get(query)).status, JSON.stringify(query)).toBe(400);
    }
  });

  it('$select and $expand=Entities', async () => {
    const sel = await get({ $select: 'Id,ExecutionTime', $top: 2 });
    expect(sel.json.value).toEqual(
      byId()
        .slice(0, 2)
        .map((d) => ({ Id: d.Id, ExecutionTime: d.ExecutionTime })),
    );
    expect(sel.json['@odata.context']).toMatch(/#AuditLogs\(Id,ExecutionTime\)$/);
    const exp = await get({ $expand: 'Entities', $top: 3 });
    expect(exp.json.value[0].Entities.length).toBeGreaterThan(0);
    expect(checkSchema(spec, listSchema, { value: exp.json.value }, options)).toEqual([]);
  });

  it('a keyset walk (Id gt last) and a $skip walk both equal the ground truth', async () => {
    const seen: AuditLogDto[] = [];
    let last = 0;
    for (;;) {
      const res = await get({ $filter: `Id gt ${last}`, $orderby: 'Id asc', $top: 333 });
      seen.push(...res.json.value);
      if (res.json.value.length < 333) break;
      last = seen[seen.length - 1]!.Id;
    }
    expect(seen).toEqual(byId());
    const skipped: AuditLogDto[] = [];
    for (let skip = 0; ; skip += 400) {
      const res = await get({ $orderby: 'ExecutionTime asc,Id asc', $top: 400, $skip: skip });
      skipped.push(...res.json.value);
      if (res.json.value.length < 400) break;
    }
    expect(skipped).toEqual(truth());
  });

  it('late records get a higher Id with an older ExecutionTime', async () => {
    const local = await startSimulator({ seed: 'orch', now: () => NOW, data: smallData(100) });
    try {
      const [late] = local.append('uipath-orchestrator-odata', 1, {
        lateByMs: 3 * DAY,
      }) as AuditLogDto[];
      const all = local.groundTruth('uipath-orchestrator-odata') as AuditLogDto[];
      expect(late!.Id).toBe(101);
      expect(Date.parse(late!.ExecutionTime)).toBe(NOW - 3 * DAY);
      expect(all.findIndex((d) => d.Id === 101)).toBeLessThan(100);
      expect(local.groundTruth('uipath-orchestrator-odata', { idGreaterThan: 100 })).toEqual([
        late,
      ]);
    } finally {
      await local.close();
    }
  });
});

describe('Orchestrator OData: standalone deployment', () => {
  const standalone = (path: string, headers: Record<string, string>) =>
    http(`${sim.url}/uipath/odata/${path}`, { headers });

  it('answers /odata/AuditLogs at the root for the tenant named in X-UIPATH-TenantName', async () => {
    const tenant = { ...auth, 'X-UIPATH-TenantName': sim.credentials.uipath.tenant };
    const cloud = await get({ $top: 5, $orderby: 'Id asc' });
    const res = await standalone('AuditLogs?$top=5&$orderby=Id%20asc', tenant);
    expect(res.status).toBe(200);
    expect(res.json.value).toEqual(cloud.json.value);
    expect(res.json['@odata.context']).toBe(`${sim.url}/uipath/odata/$metadata#AuditLogs`);
    const id = (cloud.json.value as AuditLogDto[])[0]!.Id;
    const details = await standalone(
      `AuditLogs/UiPath.Server.Configuration.OData.GetAuditLogDetails(auditLogId=${id})`,
      tenant,
    );
    expect(details.status).toBe(200);
  });

  it('refuses a request without the tenant header, or with another tenant', async () => {
    expect((await standalone('AuditLogs', auth)).status).toBe(404);
    expect(
      (await standalone('AuditLogs', { ...auth, 'X-UIPATH-TenantName': 'Nope' })).json,
    ).toMatchObject({ message: "Tenant 'Nope' was not found." });
  });
});
