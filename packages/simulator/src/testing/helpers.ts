// Test helpers: real HTTP against a running simulator (undici), credentials, small utilities.

import { SignJWT } from 'jose';
import { request } from 'undici';
import type { Simulator } from '../types.js';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect response bodies freely
  json: any;
}

export async function http(
  url: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult> {
  const res = await request(url, {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
    body: init.body ?? null,
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

/** Query parameters from a plain object (numbers as decimal strings). */
export function searchParams(query: Record<string, string | number>): URLSearchParams {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) qs.append(key, String(value));
  return qs;
}

export async function koreJwt(
  sim: Simulator,
  claims: Record<string, unknown> = {},
  options: { secret?: string; alg?: string; expiresInSeconds?: number } = {},
): Promise<string> {
  let jwt = new SignJWT({ appId: sim.credentials.koreXo.clientId, ...claims }).setProtectedHeader({
    alg: options.alg ?? 'HS256',
    typ: 'JWT',
  });
  if (options.expiresInSeconds !== undefined) {
    jwt = jwt.setExpirationTime(Math.floor(sim.now() / 1000) + options.expiresInSeconds);
  }
  return jwt.sign(new TextEncoder().encode(options.secret ?? sim.credentials.koreXo.clientSecret));
}

export function koreXoUrl(sim: Simulator, query: Record<string, string | number> = {}): string {
  const qs = searchParams(query);
  return `${sim.baseUrls['kore-xo-admin-console']}/api/public/auditlogs${qs.size ? `?${qs.toString()}` : ''}`;
}

export function aiForWorkUrl(sim: Simulator, query: Record<string, string | number> = {}): string {
  const qs = searchParams(query);
  return `${sim.baseUrls['kore-ai-for-work']}/api/public/auditlogs${qs.size ? `?${qs.toString()}` : ''}`;
}

export function tokenForm(sim: Simulator, fields: Record<string, string> = {}): string {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: sim.credentials.uipath.clientId,
    client_secret: sim.credentials.uipath.clientSecret,
    ...fields,
  }).toString();
}

export async function uipathToken(
  sim: Simulator,
  scope = 'PM.Audit.Read OR.Audit.Read',
): Promise<string> {
  const res = await http(`${sim.url}/uipath/identity_/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenForm(sim, { scope }),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${res.text}`);
  return res.json.access_token as string;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function pmUrl(
  sim: Simulator,
  query: Record<string, string | number> = {},
  tail = '',
): string {
  const { organization } = sim.credentials.uipath;
  const qs = searchParams(query);
  return `${sim.url}/uipath/${organization}/audit_/api/auditlogs${tail}${qs.size ? `?${qs.toString()}` : ''}`;
}

export function orchestratorUrl(
  sim: Simulator,
  query: Record<string, string | number> = {},
): string {
  const { organization, tenant } = sim.credentials.uipath;
  const qs = searchParams(query);
  return `${sim.url}/uipath/${organization}/${tenant}/orchestrator_/odata/AuditLogs${qs.size ? `?${qs.toString()}` : ''}`;
}

/** A query with repeated keys for array values (`source=a&source=b`). */
export type UnifiedQuery = Record<string, string | number | readonly string[]>;

/** `…/orgaudit_/api/query/{endpoint}` or `…/{tenant}/tenantaudit_/api/query/{endpoint}`. */
export function unifiedUrl(
  sim: Simulator,
  scope: 'organization' | 'tenant',
  query: UnifiedQuery | URLSearchParams = {},
  endpoint: 'events' | 'sources' | 'downloadevents' = 'events',
): string {
  const { organization, tenant } = sim.credentials.uipath;
  let qs = query;
  if (!(qs instanceof URLSearchParams)) {
    const entries = Object.entries(qs);
    qs = new URLSearchParams();
    for (const [key, value] of entries) {
      for (const v of Array.isArray(value) ? value : [value]) qs.append(key, String(v));
    }
  }
  const path =
    scope === 'tenant' ? `${organization}/${tenant}/tenantaudit_` : `${organization}/orgaudit_`;
  return `${sim.url}/uipath/${path}/api/query/${endpoint}${qs.size ? `?${qs.toString()}` : ''}`;
}

/** One page of the unified audit API. */
export interface UnifiedPage {
  auditEvents: Array<Record<string, unknown>>;
  next: string | null;
  previous: string | null;
}

/** Follows one cursor (`previous` or `next`) of the unified audit API from `first` to its end. */
export async function walkUnified(
  sim: Simulator,
  headers: Record<string, string>,
  first: string,
  cursor: 'previous' | 'next',
): Promise<{ events: Array<Record<string, unknown>>; pages: UnifiedPage[] }> {
  const events: Array<Record<string, unknown>> = [];
  const pages: UnifiedPage[] = [];
  let url: string | null = first;
  for (let i = 0; url !== null; i++) {
    if (i > 2000) throw new Error('cursor walk does not end');
    const res = await http(url, { headers });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.text}`);
    const page = res.json as UnifiedPage;
    pages.push(page);
    events.push(...page.auditEvents);
    const link = page[cursor];
    url = link === null ? null : `${sim.baseUrls['uipath-unified-audit']}${link}`;
  }
  return { events, pages };
}

/** Small data sets for fast tests. */
export function smallData(count: number, span?: { start: number; end: number }) {
  const one = { count, ...span };
  return {
    'kore-xo-admin-console': one,
    'kore-ai-for-work': one,
    'uipath-platform-audit': one,
    'uipath-orchestrator-odata': one,
    'uipath-unified-audit': one,
  };
}
