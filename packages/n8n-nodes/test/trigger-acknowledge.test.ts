// The trigger as n8n 2.41.1 runs it: n8n saves the static data when a poll emits, before the
// execution runs, and does not resume an execution that died with its process. So the trigger
// emits through `__emit` with a done promise and commits a batch's checkpoint only once the
// execution has ended; until then the batch is `pending`, and a pending batch that this process
// cannot vouch for (another process emitted it, or its execution failed to start) is read again.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';
import { ObservableObject, sleep } from 'n8n-workflow';
import { startSimulator, type VendorId } from '@auditrelay/simulator';
import {
  AuditRelayTrigger,
  STATE_KEY,
  type TriggerState,
} from '../nodes/AuditRelayTrigger/AuditRelayTrigger.node';
import {
  createPollContext,
  simulatorCredentials,
  type IDeferredPromise,
  type Simulator,
} from './helpers';

// Inside n8n the core's `zod/v4` is n8n's zod 3.25.76, whose records also see non-enumerable keys
// such as the `__dataChanged` flag of n8n's static-data proxies (the workspace's zod 4 does not):
// the checkpoint parser refuses them here as it does there.
vi.mock('@auditrelay/core/portable', async (importOriginal) => {
  const core = await importOriginal<typeof import('@auditrelay/core/portable')>();
  const hidden = (value: unknown): boolean =>
    typeof value === 'object' &&
    value !== null &&
    (Object.getOwnPropertyNames(value).some(
      (key) =>
        !(Array.isArray(value) && key === 'length') &&
        !Object.prototype.propertyIsEnumerable.call(value, key),
    ) ||
      Object.values(value).some(hidden));
  return {
    ...core,
    parseCheckpoint: (value: unknown) => {
      if (hidden(value))
        throw new core.AuditRelayError({ code: 'CHECKPOINT_INVALID', message: 'a hidden key' });
      return core.parseCheckpoint(value);
    },
  };
});

const DAY = 86_400_000;
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 'n8n-trigger-acknowledge',
    rateLimits: { 'kore-xo-admin-console': false },
  });
});
afterAll(() => sim.close());

interface Emitted {
  ids: string[];
  done: IDeferredPromise<IRun | undefined>;
}

const parameters = (source: VendorId) => ({
  source,
  output: 'raw',
  startFrom: 'date',
  startAt: new Date(Date.now() - 3 * DAY).toISOString(),
  options: { lagSeconds: 0, maxEvents: 3 },
});

/** One poll as n8n 2.41.1 runs it; returns what it returned and what it emitted. */
async function poll(
  staticData: IDataObject,
  source: VendorId,
  options: {
    workflowId: string;
    nodeId?: string;
    trigger?: AuditRelayTrigger;
    logged?: string[];
    /** Called at each emit, when n8n saves the workflow's static data. */
    onEmit?: () => void;
  },
) {
  const emitted: Emitted[] = [];
  const { context } = createPollContext({
    parameters: parameters(source),
    staticData,
    credentials: simulatorCredentials(sim),
    workflowId: options.workflowId,
    ...(options.nodeId ? { nodeId: options.nodeId } : {}),
    ...(options.logged ? { logged: options.logged } : {}),
    emit: (items: INodeExecutionData[], done) => {
      options.onEmit?.();
      emitted.push({ ids: items.map((item) => JSON.stringify(item.json)), done });
    },
  });
  const returned = await (options.trigger ?? new AuditRelayTrigger()).poll.call(context);
  return { returned, emitted };
}

const state = (staticData: IDataObject) => staticData[STATE_KEY] as unknown as TriggerState;
/** Lets the done promise's handlers run. */
const settle = () => sleep(0);

describe('Audit Relay Trigger: a batch is committed once its execution has ended', () => {
  it('emits through __emit, waits for the execution, then commits and moves on', async () => {
    const staticData: IDataObject = {};
    const first = await poll(staticData, 'kore-xo-admin-console', { workflowId: 'wf-a' });
    expect(first.returned).toBeNull();
    expect(first.emitted).toHaveLength(1);
    const batch = first.emitted[0]!;
    expect(batch.ids.length).toBeGreaterThan(0);
    // Stored with the emit (n8n saves it then): the batch is pending, nothing is committed yet.
    expect(state(staticData).pending).toBeDefined();
    expect(state(staticData).checkpoint).toBeUndefined();

    // While its execution runs, the next poll neither reads nor emits.
    sim.resetRequestLog();
    const waiting = await poll(staticData, 'kore-xo-admin-console', { workflowId: 'wf-a' });
    expect(waiting).toEqual({ returned: null, emitted: [] });
    expect(sim.requests).toHaveLength(0);

    batch.done.resolve({ status: 'success' } as IRun);
    await settle();
    const next = await poll(staticData, 'kore-xo-admin-console', { workflowId: 'wf-a' });
    expect(state(staticData).checkpoint).toEqual(expect.objectContaining({ version: 1 }));
    expect(next.emitted).toHaveLength(1);
    expect(next.emitted[0]!.ids.filter((id) => batch.ids.includes(id))).toEqual([]);
  });

  it('an execution that failed to start or was stopped gets its batch again', async () => {
    const staticData: IDataObject = {};
    const logged: string[] = [];
    const first = await poll(staticData, 'kore-xo-admin-console', { workflowId: 'wf-b', logged });
    const batch = first.emitted[0]!;
    batch.done.reject(new Error('the execution was stopped'));
    await settle();
    const again = await poll(staticData, 'kore-xo-admin-console', { workflowId: 'wf-b' });
    expect(again.emitted[0]!.ids).toEqual(batch.ids);
    expect(logged.join('\n')).toMatch(/emitted again/);
  });

  it('a batch whose execution failed in a node is committed; one that no node ran is read again', async () => {
    const staticData: IDataObject = {};
    const first = await poll(staticData, 'kore-xo-admin-console', { workflowId: 'wf-g' });
    const failedInNode = first.emitted[0]!;
    // A downstream node failed: the items are in the failed execution, the cursor moves on.
    failedInNode.done.resolve({
      status: 'error',
      data: { resultData: { runData: {}, lastNodeExecuted: 'Deliver' } },
    } as unknown as IRun);
    await settle();
    const logged: string[] = [];
    const second = await poll(staticData, 'kore-xo-admin-console', { workflowId: 'wf-g', logged });
    const lost = second.emitted[0]!;
    expect(lost.ids.filter((id) => failedInNode.ids.includes(id))).toEqual([]);
    // Queue mode, the worker died mid-execution: n8n ends the stalled job as an error with no
    // node run. The batch is emitted again.
    lost.done.resolve({
      status: 'error',
      data: { resultData: { runData: {} } },
    } as unknown as IRun);
    await settle();
    const again = await poll(staticData, 'kore-xo-admin-console', { workflowId: 'wf-g' });
    expect(again.emitted[0]!.ids).toEqual(lost.ids);
    expect(logged.join('\n')).toMatch(/emitted again/);
  });

  it('after a restart the pending batch is read again from the stored static data', async () => {
    const staticData: IDataObject = {};
    const first = await poll(staticData, 'uipath-orchestrator-odata', { workflowId: 'wf-c' });
    first.emitted[0]!.done.resolve({ status: 'success' } as IRun);
    await settle();
    sim.append('uipath-orchestrator-odata', 2);
    const second = await poll(staticData, 'uipath-orchestrator-odata', { workflowId: 'wf-c' });
    const lost = second.emitted[0]!;
    expect(lost.ids).toHaveLength(2);
    // n8n saved this at the emit; the process dies before the execution ends. The next process
    // loads the row into proxies that mark every nested object with a hidden `__dataChanged`
    // (the committed checkpoint carries the Orchestrator cursor, a nested object).
    const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
    expect(state(saved).checkpoint?.cursor).toBeDefined();
    vi.resetModules();
    const { AuditRelayTrigger: Restarted } =
      await import('../nodes/AuditRelayTrigger/AuditRelayTrigger.node.js');
    const loaded = ObservableObject.create(saved);
    const logged: string[] = [];
    const after = await poll(loaded, 'uipath-orchestrator-odata', {
      workflowId: 'wf-c',
      trigger: new Restarted(),
      logged,
    });
    expect(after.emitted[0]!.ids).toEqual(lost.ids);
    expect(logged.join('\n')).toMatch(/emitted again/);
  });

  it('waits for the execution even when a poll reads a cursor older than its last emit', async () => {
    // n8n's durable poll cursors (N8N_POLLER_DURABLE_CURSORS_ENABLED): every poll reads the
    // cursor from the database, where an emitted batch's cursor lands only once n8n creates its
    // execution. A tick in between read the batch again (seen in a real n8n 2.41.1: two
    // executions with the same items).
    const committed: IDataObject = {};
    // What the database still holds while the first batch's execution is being created.
    const stale = JSON.stringify(committed);
    const first = await poll(committed, 'kore-xo-admin-console', { workflowId: 'wf-f' });
    const batch = first.emitted[0]!;
    expect(batch.ids.length).toBeGreaterThan(0);

    sim.resetRequestLog();
    const early = await poll(JSON.parse(stale) as IDataObject, 'kore-xo-admin-console', {
      workflowId: 'wf-f',
    });
    expect(early).toEqual({ returned: null, emitted: [] });
    expect(sim.requests).toHaveLength(0);

    batch.done.resolve({ status: 'success' } as IRun);
    await settle();
    const next = await poll(committed, 'kore-xo-admin-console', { workflowId: 'wf-f' });
    expect(next.emitted).toHaveLength(1);
    expect(next.emitted[0]!.ids.filter((id) => batch.ids.includes(id))).toEqual([]);
  });

  it('a tick that overlaps a running poll of the same trigger returns at once', async () => {
    const staticData: IDataObject = {};
    const slow = poll(staticData, 'uipath-platform-audit', { workflowId: 'wf-d' });
    const overlapping = await poll(staticData, 'uipath-platform-audit', { workflowId: 'wf-d' });
    expect(overlapping).toEqual({ returned: null, emitted: [] });
    expect((await slow).emitted).toHaveLength(1);
    // Another workflow's trigger is not held up.
    const other = await poll({}, 'uipath-platform-audit', { workflowId: 'wf-e' });
    expect(other.emitted).toHaveLength(1);
  });

  it("commits once the execution has ended, so another trigger's emit stores it", async () => {
    // n8n's default scheduler saves a workflow's static data (every trigger's) when one of its
    // triggers emits; a poll that finds nothing new is not saved.
    const workflow: IDataObject = { 'node:A': {}, 'node:B': {} };
    const nodeA = workflow['node:A'] as IDataObject;
    const nodeB = workflow['node:B'] as IDataObject;
    const a = await poll(nodeA, 'kore-xo-admin-console', { workflowId: 'wf-h', nodeId: 'A' });
    const batch = a.emitted[0]!;
    batch.done.resolve({ status: 'success' } as IRun);
    await settle();
    let saved: TriggerState | undefined;
    const b = await poll(nodeB, 'uipath-orchestrator-odata', {
      workflowId: 'wf-h',
      nodeId: 'B',
      onEmit: () => (saved = JSON.parse(JSON.stringify(state(nodeA))) as TriggerState),
    });
    expect(b.emitted).toHaveLength(1);
    expect(saved?.pending).toBeUndefined();
    expect(saved?.checkpoint).toEqual(expect.objectContaining({ version: 1 }));

    // After a restart from what B's emit saved, A does not emit its batch again.
    vi.resetModules();
    const { AuditRelayTrigger: Restarted } =
      await import('../nodes/AuditRelayTrigger/AuditRelayTrigger.node.js');
    const logged: string[] = [];
    const after = await poll(
      ObservableObject.create({ [STATE_KEY]: saved } as IDataObject),
      'kore-xo-admin-console',
      {
        workflowId: 'wf-h',
        nodeId: 'A',
        trigger: new Restarted(),
        logged,
      },
    );
    const again = after.emitted.flatMap((e) => e.ids).filter((id) => batch.ids.includes(id));
    expect(again).toEqual([]);
    expect(logged.join('\n')).not.toMatch(/emitted again/);
  });
});
