import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { startSimulator } from '@auditrelay/simulator';
import {
  AuditRelayTrigger,
  STATE_KEY,
  type TriggerState,
} from '../nodes/AuditRelayTrigger/AuditRelayTrigger.node';
import { createPollContext, ids, simulatorCredentials, type Simulator } from './helpers';

const MINUTE = 60_000;
const DAY = 86_400_000;
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 23, rateLimits: { 'kore-xo-admin-console': false } });
});
afterAll(() => sim.close());
afterEach(() => {
  vi.useRealTimers();
});

function poll(
  staticData: IDataObject,
  parameters: Record<string, unknown>,
  extra: { mode?: 'trigger' | 'manual'; pollBudgetMs?: number } = {},
) {
  const { context, http } = createPollContext({
    parameters: { output: 'simplified', startFrom: 'now', options: {}, ...parameters },
    staticData,
    credentials: simulatorCredentials(sim),
    ...extra,
  });
  return { result: new AuditRelayTrigger().poll.call(context), http };
}

async function items(staticData: IDataObject, parameters: Record<string, unknown>) {
  const output = await poll(staticData, parameters).result;
  return output ? (output[0] as INodeExecutionData[]) : [];
}

describe('Audit Relay Trigger', () => {
  it('is a polling trigger without inputs', () => {
    const { description } = new AuditRelayTrigger();
    expect(description.polling).toBe(true);
    expect(description.inputs).toEqual([]);
    expect(description.name).toBe('auditRelayTrigger');
  });

  it('starts at activation, then emits each new event exactly once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    vi.setSystemTime(start);
    const staticData: IDataObject = {};
    const parameters = { source: 'uipath-orchestrator-odata' };

    // First activation: nothing from the past, the start is remembered.
    expect(await poll(staticData, parameters).result).toBeNull();
    const state = staticData[STATE_KEY] as unknown as TriggerState;
    expect(state.startAt).toBe(new Date(start).toISOString());
    expect(state.checkpoint).toBeUndefined();

    vi.setSystemTime(start + MINUTE);
    const first = sim.append('uipath-orchestrator-odata', 5) as Array<{ Id: number }>;
    vi.setSystemTime(start + 3 * MINUTE);
    const batch1 = await items(staticData, parameters);
    expect(ids(batch1)).toEqual(first.map((record) => String(record.Id)));
    const afterFirst = (staticData[STATE_KEY] as unknown as TriggerState).checkpoint;
    expect(afterFirst?.watermark).toBe(new Date(start + 2 * MINUTE).toISOString());

    // Nothing new: nothing emitted (the overlap re-reads the same five and drops them).
    vi.setSystemTime(start + 4 * MINUTE);
    expect(await items(staticData, parameters)).toEqual([]);

    vi.setSystemTime(start + 5 * MINUTE);
    const second = sim.append('uipath-orchestrator-odata', 3) as Array<{ Id: number }>;
    vi.setSystemTime(start + 7 * MINUTE);
    const batch2 = await items(staticData, parameters);
    expect(ids(batch2)).toEqual(second.map((record) => String(record.Id)));
  });

  it('with a chosen start delivers the backlog in partial polls, without gaps or duplicates', async () => {
    const from = new Date(Date.now() - 5 * DAY).toISOString();
    const staticData: IDataObject = {};
    const parameters = {
      source: 'kore-xo-admin-console',
      startFrom: 'date',
      startAt: from,
      options: { lagSeconds: 0, maxEvents: 1 },
    };
    const seen: string[] = [];
    let polls = 0;
    let checkpointsMoved = 0;
    let previous: unknown;
    for (;;) {
      const batch = await items(staticData, parameters);
      polls++;
      const checkpoint = (staticData[STATE_KEY] as unknown as TriggerState).checkpoint;
      if (JSON.stringify(checkpoint) !== JSON.stringify(previous)) checkpointsMoved++;
      previous = checkpoint;
      if (batch.length === 0) break;
      expect(batch.length).toBeLessThanOrEqual(100);
      seen.push(...ids(batch));
      expect(polls).toBeLessThan(50);
    }
    const truth = sim.groundTruth('kore-xo-admin-console', { from }) as Array<{
      AuditLogId: string;
    }>;
    // Events newer than the last poll's end may exist in the simulator only if it appended; it did not.
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(truth.map((record) => record.AuditLogId).sort());
    expect(polls).toBeGreaterThan(3);
    expect(checkpointsMoved).toBeGreaterThan(3);
  });

  it('manual mode returns a sample and leaves the cursor alone', async () => {
    const staticData: IDataObject = {};
    const parameters = { source: 'kore-ai-for-work' };
    expect(await poll(staticData, parameters).result).toBeNull();
    const before = JSON.stringify(staticData);
    const output = await poll(staticData, parameters, { mode: 'manual' }).result;
    expect(output?.[0]?.length).toBeGreaterThan(0);
    expect(output?.[0]?.length).toBeLessThanOrEqual(5);
    expect(JSON.stringify(staticData)).toBe(before);
  });

  it('a poll without budget left fails instead of hanging, and keeps the cursor', async () => {
    const staticData: IDataObject = {};
    const parameters = {
      source: 'uipath-orchestrator-odata',
      startFrom: 'date',
      startAt: new Date(Date.now() - DAY).toISOString(),
    };
    const { result } = poll(staticData, parameters, { pollBudgetMs: 0 });
    await expect(result).rejects.toThrow(/poll budget/);
    expect((staticData[STATE_KEY] as unknown as TriggerState).checkpoint).toBeUndefined();
  });

  it('a new source starts afresh instead of reusing another cursor', async () => {
    const staticData: IDataObject = {};
    const from = new Date(Date.now() - DAY).toISOString();
    await items(staticData, {
      source: 'uipath-orchestrator-odata',
      startFrom: 'date',
      startAt: from,
      options: { lagSeconds: 0 },
    });
    const orchestrator = staticData[STATE_KEY] as unknown as TriggerState;
    expect(orchestrator.checkpoint?.source.type).toBe('uipath-orchestrator-odata');
    const batch = await items(staticData, {
      source: 'kore-ai-for-work',
      startFrom: 'date',
      startAt: from,
      options: { lagSeconds: 0 },
    });
    expect(batch.length).toBe(sim.groundTruth('kore-ai-for-work', { from }).length);
    expect((staticData[STATE_KEY] as unknown as TriggerState).checkpoint?.source.type).toBe(
      'kore-ai-for-work',
    );
  });

  it('an invalid start time names the parameter', async () => {
    const { result } = poll({}, { source: 'kore-ai-for-work', startFrom: 'date', startAt: 'soon' });
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toContain('Start Time');
  });
});
