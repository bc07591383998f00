// UiPath unified audit logs through the nodes: everything comes from the core's registry (the
// Scope dropdown from its form options, the filter dropdowns from `choices: 'vendor'`, their
// lists from `source.filterChoices`), checked against the simulator's unified API.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  IDataObject,
  INodeExecutionData,
  INodeProperties,
  INodeTypeDescription,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { startSimulator } from '@auditrelay/simulator';
import { AuditRelay } from '../nodes/AuditRelay/AuditRelay.node';
import {
  AuditRelayTrigger,
  STATE_KEY,
  type TriggerState,
} from '../nodes/AuditRelayTrigger/AuditRelayTrigger.node';
import {
  createExecuteContext,
  createLoadOptionsContext,
  createPollContext,
  ids,
  simulatorCredentials,
  type Simulator,
} from './helpers';

// Retries happen, but their backoff does not make the tests wait.
vi.mock('n8n-workflow', async (importOriginal) => ({
  ...(await importOriginal<typeof import('n8n-workflow')>()),
  sleep: () => Promise.resolve(),
}));

const TYPE = 'uipath-unified-audit';
const DAY = 86_400_000;
let sim: Simulator;
let from: string;
let to: string;

interface UnifiedRecord {
  id: string;
  eventSource: string;
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 'n8n-unified' });
  from = new Date(Date.now() - 20 * DAY).toISOString();
  to = new Date(Date.now() - 2 * DAY).toISOString();
});
afterAll(() => sim.close());
beforeEach(() => sim.faults.clear());

function truth(scope: 'organization' | 'tenant' = 'organization'): UnifiedRecord[] {
  return sim.groundTruthOfSource(TYPE, { from, to, scope }) as UnifiedRecord[];
}

async function getMany(parameters: Record<string, unknown>) {
  const { context, http } = createExecuteContext({
    items: [{ source: TYPE, from, to, returnAll: true, output: 'raw', ...parameters }],
    credentials: simulatorCredentials(sim),
  });
  const [events, reports] = await new AuditRelay().execute.call(context);
  return { events: events!, report: reports![0]!.json, http };
}

async function choices(
  method: string,
  parameters: Record<string, unknown> = {},
  extra: { selected?: string[]; credentials?: ReturnType<typeof simulatorCredentials> } = {},
) {
  const { context, http } = createLoadOptionsContext({
    parameters: { source: TYPE, ...parameters },
    credentials: extra.credentials ?? simulatorCredentials(sim),
    selected: extra.selected,
  });
  const load = new AuditRelay().methods.loadOptions[method]!;
  return { result: load.call(context), http };
}

function property(description: INodeTypeDescription, name: string): INodeProperties {
  const found = description.properties.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no property ${name}`);
  return found;
}

const sources = (events: INodeExecutionData[]) =>
  new Set(events.map((event) => (event.json as unknown as UnifiedRecord).eventSource));

describe.each([
  ['Audit Relay', new AuditRelay()],
  ['Audit Relay Trigger', new AuditRelayTrigger()],
])('%s: the unified audit log from the registry', (_, node) => {
  it('asks for the Scope beside the credential, for this source only', () => {
    const scope = property(node.description, 'scope');
    expect(scope).toMatchObject({
      type: 'options',
      default: 'organization',
      options: [
        { name: 'Organization', value: 'organization' },
        { name: 'Tenant', value: 'tenant' },
      ],
      displayOptions: { show: { source: [TYPE] } },
    });
  });

  it('offers the listed filters as dropdowns filled by loadOptions, the others as text', () => {
    const filters = property(node.description, 'filters').options as INodeProperties[];
    const byName = Object.fromEntries(filters.map((filter) => [filter.name, filter]));
    for (const name of ['eventSource', 'eventTarget', 'eventType']) {
      const filter = byName[name]!;
      expect(filter.type).toBe('multiOptions');
      expect(filter.default).toEqual([]);
      expect(filter.displayName).toMatch(/ Names or IDs$/);
      const method = filter.typeOptions?.loadOptionsMethod;
      expect(typeof node.methods.loadOptions[method!]).toBe('function');
      expect(filter.typeOptions?.loadOptionsDependsOn).toEqual(['source', 'scope']);
    }
    for (const name of ['userId', 'status', 'searchTerm'])
      expect(byName[name]!.type).toBe('string');
  });
});

describe('Audit Relay: Get Many of the unified audit log', () => {
  it('organization scope: every event of the range, equal to the ground truth', async () => {
    const expected = truth();
    expect(expected.length).toBeGreaterThan(50);
    const { events, report, http } = await getMany({});
    expect(ids(events).sort()).toEqual(expected.map((record) => record.id).sort());
    expect(report).toMatchObject({ status: 'complete', delivered: expected.length });
    expect(http.sent.every((request) => request.url.includes('/orgaudit_/'))).toBe(true);
  });

  it("tenant scope: the tenant's events, from the credential's tenant", async () => {
    const expected = truth('tenant');
    expect(expected.length).toBeGreaterThan(50);
    const { events, http } = await getMany({ scope: 'tenant' });
    expect(ids(events).sort()).toEqual(expected.map((record) => record.id).sort());
    const tenant = sim.credentials.uipath.tenant;
    expect(http.sent.every((request) => request.url.includes(`/${tenant}/tenantaudit_/`))).toBe(
      true,
    );
  });

  it('a filter by name delivers only those events', async () => {
    const expected = truth().filter((record) => record.eventSource === 'Governance');
    expect(expected.length).toBeGreaterThan(0);
    const { events } = await getMany({ filters: { eventSource: ['Governance'] } });
    expect(ids(events).sort()).toEqual(expected.map((record) => record.id).sort());
  });

  it('several names are passed comma-separated and all of them delivered', async () => {
    const wanted = new Set(['Identity', 'Governance']);
    const expected = truth().filter((record) => wanted.has(record.eventSource));
    const { events, report } = await getMany({ filters: { eventSource: [...wanted] } });
    expect(ids(events).sort()).toEqual(expected.map((record) => record.id).sort());
    expect(sources(events)).toEqual(wanted);
    expect(report).toMatchObject({ status: 'complete' });
  });

  it('a scope that is not offered is a NodeOperationError naming the parameter', async () => {
    const error = await getMany({ scope: 'global' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toContain('parameter "Scope"');
  });

  it('tenant scope without a tenant in the credential names the credential field', async () => {
    const credentials = simulatorCredentials(sim);
    credentials.uiPathOAuth2Api!.tenant = '';
    const { context } = createExecuteContext({
      items: [{ source: TYPE, scope: 'tenant', from, to, returnAll: true, output: 'raw' }],
      credentials,
    });
    const error = await new AuditRelay().execute.call(context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toContain('credential field "Tenant"');
  });
});

describe('loadOptions: the filter lists the vendor offers', () => {
  it('organization scope lists its services by name', async () => {
    const { result } = await choices('getEventSourceChoices');
    const names = (await result).map((choice) => choice.name);
    expect(names).toEqual(expect.arrayContaining(['Identity', 'Governance']));
    expect(names).not.toContain('Orchestrator');
    for (const choice of await result) expect(choice.value).toBe(choice.name);
  });

  it('tenant scope lists the tenant services', async () => {
    const { result, http } = await choices('getEventSourceChoices', { scope: 'tenant' });
    const names = (await result).map((choice) => choice.name);
    expect(names).toContain('Orchestrator');
    expect(names).not.toContain('Identity');
    expect(http.sent.every((request) => request.url.includes('/tenantaudit_/'))).toBe(true);
  });

  it('targets and types say where they belong', async () => {
    const targets = await (await choices('getEventTargetChoices', { scope: 'tenant' })).result;
    expect(targets.find((choice) => choice.name === 'Processes')).toMatchObject({
      description: 'Orchestrator',
    });
    const types = await (await choices('getEventTypeChoices', { scope: 'tenant' })).result;
    expect(types.find((choice) => choice.name === 'Started job')).toMatchObject({
      description: 'Orchestrator › Jobs',
    });
  });

  it('without a credential selected: a NodeOperationError saying which to select', async () => {
    const { result, http } = await choices('getEventSourceChoices', {}, { selected: [] });
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toBe(
      'Select a UiPath OAuth2 API credential to load the Event Source list',
    );
    expect(http.sent).toEqual([]);
  });

  it('a refused credential: a NodeApiError without the secret', async () => {
    const credentials = simulatorCredentials(sim);
    const wrong = `wrong-${Math.random().toString(16).slice(2)}`;
    credentials.uiPathOAuth2Api!.clientSecret = wrong;
    const { result } = await choices('getEventSourceChoices', {}, { credentials });
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as Error).message).toMatch(/token request was refused/);
    // The token scope (`tokenScope`), not the level the Scope parameter picks.
    expect((error as Error).message).toContain('the PM.Audit.Read scope');
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect((error as Error).message).not.toMatch(/\n\s+at /);
  });

  it('a failing vendor: a NodeApiError with the status, no stack trace, no secret', async () => {
    sim.faults.add({
      vendor: TYPE,
      route: 'metadata',
      kind: 'status',
      status: 500,
      echoRequest: true,
      times: 100,
    });
    const { result } = await choices('getEventSourceChoices');
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).httpCode).toBe('500');
    const text = `${(error as Error).message}\n${String((error as NodeApiError).description)}`;
    expect(text).not.toMatch(/\n\s+at /);
    expect(JSON.stringify(error)).not.toContain(sim.credentials.uipath.clientSecret);
  });
});

describe('Audit Relay Trigger: the unified audit log', () => {
  function poll(staticData: IDataObject, parameters: Record<string, unknown>) {
    const { context } = createPollContext({
      parameters: {
        source: TYPE,
        output: 'raw',
        startFrom: 'date',
        startAt: from,
        options: { lagSeconds: 0, maxEvents: 100_000 },
        ...parameters,
      },
      staticData,
      credentials: simulatorCredentials(sim),
    });
    return new AuditRelayTrigger().poll.call(context);
  }

  it('emits the filtered events since the start, then nothing again', async () => {
    const staticData: IDataObject = {};
    const parameters = { scope: 'tenant', filters: { eventSource: ['Orchestrator'] } };
    const expected = (
      sim.groundTruthOfSource(TYPE, { from, scope: 'tenant' }) as UnifiedRecord[]
    ).filter((record) => record.eventSource === 'Orchestrator');
    expect(expected.length).toBeGreaterThan(0);
    const first = await poll(staticData, parameters);
    const emitted = first?.[0] ?? [];
    expect(ids(emitted).sort()).toEqual(expected.map((record) => record.id).sort());
    expect(sources(emitted)).toEqual(new Set(['Orchestrator']));
    const state = staticData[STATE_KEY] as unknown as TriggerState;
    expect(state.sourceKey).toContain('"scope":"tenant"');
    expect(await poll(staticData, parameters)).toBeNull();
  });

  it('another scope is another endpoint: it starts afresh', async () => {
    const staticData: IDataObject = {};
    await poll(staticData, { scope: 'tenant' });
    const tenantKey = (staticData[STATE_KEY] as unknown as TriggerState).sourceKey;
    await poll(staticData, {});
    const organizationKey = (staticData[STATE_KEY] as unknown as TriggerState).sourceKey;
    expect(organizationKey).not.toBe(tenantKey);
  });
});
