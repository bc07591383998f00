/* global TextEncoder, URLSearchParams -- Node globals */
// Baseline client: a bare undici loop that requests the same pages as the core (same query
// parameters, same keyset) and only JSON-parses them: no validation, normalization or output.
// Usage: node bare-fetch.mjs '{"vendor":"kore-xo-admin-console"|…|"uipath-unified-audit","baseUrl":…,"credentials":…,"from":…,"to":…,"pageSize":N}'
// Prints one JSON line: { events, pages, seconds, cpuSeconds }.
import { SignJWT } from 'jose';
import { request } from 'undici';

const job = JSON.parse(process.argv[2]);
const from = new Date(job.from).toISOString();
const to = new Date(job.to).toISOString();
const started = performance.now();
let events = 0;
let pages = 0;

async function getJson(url, headers, method = 'GET', body) {
  const res = await request(url, { method, headers, body });
  const text = await res.body.text();
  if (res.statusCode !== 200)
    throw new Error(`${res.statusCode} from ${url}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/** A UiPath client-credentials token (the three UiPath APIs share the identity endpoint). */
async function uipathToken(clientId, clientSecret, scope) {
  return await getJson(
    `${job.baseUrl}/identity_/connect/token`,
    { 'content-type': 'application/x-www-form-urlencoded' },
    'POST',
    new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope,
    }).toString(),
  );
}

if (job.vendor === 'kore-xo-admin-console') {
  const { clientId, clientSecret } = job.credentials;
  const key = new TextEncoder().encode(clientSecret);
  const auth = await new SignJWT({ appId: clientId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
  const headers = { auth, 'content-type': 'application/json' };
  let fetchAfter;
  for (;;) {
    const params = new URLSearchParams({
      size: String(job.pageSize),
      offset: '0',
      fromDate: from,
      toDate: to,
    });
    if (fetchAfter) params.set('fetchAfter', fetchAfter);
    const body = await getJson(`${job.baseUrl}/api/public/auditlogs?${params}`, headers);
    pages++;
    events += body.auditlogs.length;
    if (body.auditlogs.length < job.pageSize && body.moreAvailable !== true) break;
    fetchAfter = body.auditlogs.at(-1).AuditLogId;
  }
} else if (job.vendor === 'uipath-orchestrator-odata') {
  const { clientId, clientSecret, organization, tenant } = job.credentials;
  const token = await uipathToken(clientId, clientSecret, 'OR.Audit.Read');
  const headers = {
    authorization: `Bearer ${token.access_token}`,
    'x-UIPATH-AuditedService': 'Orchestrator',
  };
  const base = `${job.baseUrl}/${organization}/${tenant}/orchestrator_/odata/AuditLogs`;
  const endMs = Date.parse(to);
  let lastId;
  for (;;) {
    const filter = [
      lastId === undefined ? undefined : `Id gt ${lastId}`,
      `ExecutionTime ge ${from}`,
      `ExecutionTime le ${to}`,
    ];
    const params = new URLSearchParams({
      $top: String(job.pageSize),
      $orderby: 'Id asc',
      $count: 'true',
    });
    params.set('$filter', filter.filter(Boolean).join(' and '));
    const body = await getJson(`${base}?${params}`, headers);
    pages++;
    const stopAt = body.value.findIndex((r) => Date.parse(r.ExecutionTime) > endMs);
    events += stopAt === -1 ? body.value.length : stopAt;
    if (stopAt !== -1 || body.value.length < job.pageSize) break;
    lastId = body.value.at(-1).Id;
  }
} else if (job.vendor === 'kore-ai-for-work') {
  // No paging: the same windows the core asks for (`windowMinutes`, each asked 1 ms wider on both
  // sides, the margin filtered out), sized under the server's cap so that no window is split.
  const headers = { auth: job.credentials.apiKey, 'content-type': 'application/json' };
  const windowMs = job.credentials.windowMinutes * 60_000;
  const endMs = Date.parse(to);
  for (let start = Date.parse(from); start <= endMs; start += windowMs) {
    const end = Math.min(endMs, start + windowMs - 1);
    const params = new URLSearchParams({
      startTime: new Date(start - 1).toISOString(),
      endTime: new Date(end + 1).toISOString(),
    });
    const body = await getJson(`${job.baseUrl}/api/public/auditlogs?${params}`, headers);
    pages++;
    for (const log of body.logs) {
      const time = Date.parse(log.cOn);
      if (time >= start && time <= end) events++;
    }
  }
} else if (job.vendor === 'uipath-platform-audit') {
  // Plain skip/top paging, oldest first, up to the first record past the range (the core also
  // overlaps pages by a record and finds the start by binary search: a few requests more).
  const { clientId, clientSecret, organization, partitionGlobalId } = job.credentials;
  const token = await uipathToken(clientId, clientSecret, 'PM.Audit.Read');
  const headers = { authorization: `Bearer ${token.access_token}` };
  const base = `${job.baseUrl}/${organization}/audit_/api/auditlogs/${partitionGlobalId}`;
  const startMs = Date.parse(from);
  const endMs = Date.parse(to);
  for (let skip = 0; ; skip += job.pageSize) {
    const params = new URLSearchParams({
      language: 'en',
      top: String(job.pageSize),
      skip: String(skip),
      sortBy: 'createdOn',
      sortOrder: 'asc',
    });
    const body = await getJson(`${base}?${params}`, headers);
    pages++;
    let past = false;
    for (const record of body.results) {
      const time = Date.parse(record.createdOn);
      if (time > endMs) past = true;
      else if (time >= startMs) events++;
    }
    if (past || body.results.length < job.pageSize) break;
  }
} else if (job.vendor === 'uipath-unified-audit') {
  // The organization's events, newest first: one query for the range, then the server's
  // `previous` links (older events, as the simulator's default and UiPath's CLI have it) until
  // none is left or the records pass the range's start (the core also checks each link's
  // direction and confirms the end with one more query).
  const { clientId, clientSecret, organization, tokenScope = 'PM.Audit.Read' } = job.credentials;
  const token = await uipathToken(clientId, clientSecret, tokenScope);
  const headers = { authorization: `Bearer ${token.access_token}` };
  const startMs = Date.parse(from);
  const endMs = Date.parse(to);
  const params = new URLSearchParams({ from, to, maxCount: String(job.pageSize) });
  let url = `${job.baseUrl}/${organization}/orgaudit_/api/query/events?${params}`;
  for (;;) {
    const body = await getJson(url, headers);
    pages++;
    let past = false;
    for (const event of body.auditEvents) {
      const time = Date.parse(event.createdOn);
      if (time < startMs) past = true;
      else if (time <= endMs) events++;
    }
    if (past || !body.previous || body.auditEvents.length === 0) break;
    url = `${job.baseUrl}${body.previous.startsWith('/') ? '' : '/'}${body.previous}`;
  }
} else throw new Error(`bare-fetch: no baseline for ${job.vendor}`);

const seconds = (performance.now() - started) / 1000;
// CPU seconds of this process (user + system): what the client itself spent, whatever else ran.
const cpu = process.cpuUsage();
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(`${JSON.stringify({ events, pages, seconds, cpuSeconds })}\n`);
