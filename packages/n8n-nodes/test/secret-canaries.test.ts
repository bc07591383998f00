// Secret canaries: every credential field is a unique canary, and both nodes are driven through
// every failure path — bad credentials, a UiPath token rejected again after its refresh, 5xx
// answers whose body echoes the request (headers included), truncated JSON and HTML with status
// 200. No canary may appear in the n8n error (message, description, any property) or the console.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { sourceDefinition } from '@auditrelay/core/portable';
import { VENDORS, startSimulator, type FaultSpec, type VendorId } from '@auditrelay/simulator';
import { AuditRelay } from '../nodes/AuditRelay/AuditRelay.node';
import { AuditRelayTrigger } from '../nodes/AuditRelayTrigger/AuditRelayTrigger.node';
import { CREDENTIAL_TYPES, CREDENTIALS_BY_KIND } from '../nodes/shared/source';
import {
  createExecuteContext,
  createLoadOptionsContext,
  createPollContext,
  simulatorCredentials,
  type Simulator,
} from './helpers';

// The retries happen, but their backoff does not make the test wait.
vi.mock('n8n-workflow', async (importOriginal) => ({
  ...(await importOriginal<typeof import('n8n-workflow')>()),
  sleep: () => Promise.resolve(),
}));

const canary = (name: string) =>
  `canary-${name}-${Math.random().toString(16).slice(2)}${Math.random().toString(16).slice(2)}`;

/** Every string reachable from a value: own properties, non-enumerable ones (errors) included. */
function dump(value: unknown, seen = new Set<unknown>(), depth = 0): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  if (seen.has(value) || depth > 20) return '';
  seen.add(value);
  return Object.getOwnPropertyNames(value)
    .map((key) => `${key}: ${dump((value as Record<string, unknown>)[key], seen, depth + 1)}`)
    .join('\n');
}
const CANARY = {
  xo: canary('xo-secret'),
  aiForWork: canary('aiforwork-key'),
  uipath: canary('uipath-secret'),
  wrong: canary('wrong-secret'),
};
const CANARIES = Object.values(CANARY);
const DAY = 86_400_000;

let sim: Simulator;
const logged: string[] = [];

beforeAll(async () => {
  for (const level of ['log', 'debug', 'info', 'warn', 'error'] as const)
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((arg) => dump(arg)).join(' '));
    });
  sim = await startSimulator({
    seed: 'n8n-canaries',
    rateLimits: { 'kore-xo-admin-console': false },
    credentials: {
      koreXo: { clientSecret: CANARY.xo },
      aiForWork: { apiKey: CANARY.aiForWork },
      uipath: { clientSecret: CANARY.uipath },
    },
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await sim.close();
});
beforeEach(() => {
  sim.faults.clear();
});

/** The simulator's credentials, each secret a canary; `wrong`'s credential with a wrong secret. */
function credentials(wrong?: VendorId): Record<string, ICredentialDataDecryptedObject> {
  const all = simulatorCredentials(sim);
  all.koreAiXoApi!.clientSecret = CANARY.xo;
  all.koreAiForWorkApi!.apiKey = CANARY.aiForWork;
  all.uiPathOAuth2Api!.clientSecret = CANARY.uipath;
  if (wrong) {
    // The credential the node shows for the type (from the registry's credential kind).
    const credential = all[CREDENTIAL_TYPES[wrong]]!;
    const secret = Object.keys(credential).find((field) =>
      CANARIES.includes(credential[field] as string),
    );
    if (!secret) throw new Error(`no canary secret in the ${CREDENTIAL_TYPES[wrong]} credential`);
    credential[secret] = CANARY.wrong;
  }
  return all;
}

/** Runs Get Many and one trigger poll; returns the errors they threw. */
async function runBoth(
  vendor: VendorId,
  options: { wrong?: boolean; expireUipathToken?: number } = {},
): Promise<unknown[]> {
  const creds = credentials(options.wrong ? vendor : undefined);
  const from = new Date(Date.now() - 2 * DAY).toISOString();
  const to = new Date(Date.now() - DAY).toISOString();
  const errors: unknown[] = [];
  const { context } = createExecuteContext({
    items: [{ source: vendor, from, to, returnAll: true, output: 'simplified' }],
    credentials: creds,
    ...(options.expireUipathToken ? { expireUipathToken: options.expireUipathToken } : {}),
  });
  await new AuditRelay().execute.call(context).then(
    () => errors.push(new Error('Get Many did not fail')),
    (error: unknown) => errors.push(error),
  );
  const staticData: IDataObject = {};
  const poll = createPollContext({
    parameters: {
      source: vendor,
      output: 'raw',
      startFrom: 'date',
      startAt: from,
      options: { lagSeconds: 0 },
    },
    staticData,
    credentials: creds,
    ...(options.expireUipathToken ? { expireUipathToken: options.expireUipathToken } : {}),
  });
  await new AuditRelayTrigger().poll.call(poll.context).then(
    () => errors.push(new Error('the trigger did not fail')),
    (error: unknown) => errors.push(error),
  );
  // A failed poll keeps no cursor, so nothing of the failure is stored either.
  errors.push({ staticData });
  return errors;
}

/** The types whose credential n8n's OAuth2 signs: the ones whose token can expire mid-run. */
const OAUTH2_VENDORS = VENDORS.filter(
  (vendor) => CREDENTIALS_BY_KIND[sourceDefinition(vendor).credentialKind].oauth2,
);

const FAULTS: [string, (vendor: VendorId) => FaultSpec][] = [
  [
    '5xx echoing the request',
    (vendor) => ({ vendor, kind: 'status', status: 500, echoRequest: true, times: 100 }),
  ],
  [
    '302 to another host',
    (vendor) => ({
      vendor,
      route: 'data',
      kind: 'status',
      status: 302,
      headers: { location: 'http://127.0.0.1:9/elsewhere' },
      times: 100,
    }),
  ],
  ['truncated JSON', (vendor) => ({ vendor, kind: 'truncated-json', times: 100 })],
  ['HTML with status 200', (vendor) => ({ vendor, kind: 'html-200', times: 100 })],
];

function expectNoCanary(errors: unknown[], label: string) {
  const seen: string[] = [];
  for (const error of errors) {
    if (error instanceof Error) {
      expect(error instanceof NodeApiError || error instanceof NodeOperationError, label).toBe(
        true,
      );
      const { description } = error as NodeApiError;
      seen.push(error.message, String(description), JSON.stringify(error));
    }
    seen.push(dump(error));
  }
  const text = seen.join('\n');
  for (const secret of CANARIES)
    expect(text, `${label}: a canary in an error`).not.toContain(secret);
  return text;
}

describe('secret canaries in n8n node errors', () => {
  it.each(VENDORS)('%s: a wrong secret or key', async (vendor) => {
    const errors = await runBoth(vendor, { wrong: true });
    const text = expectNoCanary(errors, `${vendor} wrong secret`);
    expect(text).toMatch(/401|refused|Invalid/);
  });

  it.each(OAUTH2_VENDORS)(
    '%s: a token rejected again after its refresh (401 after expiry)',
    async (vendor) => {
      const errors = await runBoth(vendor, { expireUipathToken: 1000 });
      const text = expectNoCanary(errors, `${vendor} expired token`);
      expect(text).toMatch(/AUTH_FAILED|401/);
    },
  );

  for (const [name, fault] of FAULTS)
    it.each(VENDORS)(`%s: ${name}`, async (vendor) => {
      sim.resetRequestLog();
      sim.faults.add(fault(vendor));
      const errors = await runBoth(vendor);
      expectNoCanary(errors, `${vendor} ${name}`);
      expect(sim.requests.some((r) => r.fault !== undefined)).toBe(true);
    });

  // The filter lists (loadOptions) read the vendor's metadata with the same credential.
  it.each<[string, FaultSpec | undefined]>([
    ['a wrong secret', undefined],
    ...FAULTS.map(([name, fault]): [string, FaultSpec] => [
      name,
      { ...fault('uipath-unified-audit'), route: 'metadata' },
    ]),
  ])('uipath-unified-audit filter list: %s', async (name, fault) => {
    if (fault) sim.faults.add(fault);
    const { context } = createLoadOptionsContext({
      parameters: { source: 'uipath-unified-audit' },
      credentials: credentials(fault ? undefined : 'uipath-unified-audit'),
    });
    const error = await new AuditRelay().methods.loadOptions
      .getEventSourceChoices!.call(context)
      .then(
        () => new Error('the list did not fail'),
        (caught: unknown) => caught,
      );
    expectNoCanary([error], `filter list ${name}`);
  });

  it('nothing was printed with a canary either', () => {
    const text = logged.join('\n');
    for (const secret of CANARIES) expect(text).not.toContain(secret);
  });
});
