// The trigger as n8n 2.41.1 runs it: n8n saves the static data when a poll emits, before the
// execution runs, and does not resume an execution that died with its process. So the trigger
// emits through `__emit` with a done promise and commits a batch's checkpoint only once the
// execution has ended; until then the batch is `pending`, and a pending batch that this process
// cannot vouch for (another process emitted it, or its execution failed to start) is read again.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IRun } from 'n8n-workflow';
import { ObservableObject, sleep } from 'n8n-workflow';
import { startSimulator, type VendorId } from '@auditrelay/simulator';
import {
  AuditRelayTrigger,
  STATE_KEY,
  type TriggerState,
} from '../nodes/AuditRelayTrigger/AuditRelayTrigger.node';
import { COMMIT_KEY } from '../nodes/AuditRelayTrigger/acknowledgement';
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
  /** The items as emitted, for the execution n8n starts with them. */
  items: INodeExecutionData[];
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
    pollBudgetMs?: number;
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
    ...(options.pollBudgetMs ? { pollBudgetMs: options.pollBudgetMs } : {}),
    emit: (items: INodeExecutionData[], done) => {
      options.onEmit?.();
      emitted.push({ ids: items.map((item) => JSON.stringify(item.json)), items, done });
    },
  });
  const returned = await (options.trigger ?? new AuditRelayTrigger()).poll.call(context);
  return { returned, emitted };
}

const state = (staticData: IDataObject) => staticData[STATE_KEY] as unknown as TriggerState;
/** A copy as n8n stores it (JSON) and loads it again (into its change-tracking proxies). */
const reload = (staticData: IDataObject) =>
  ObservableObject.create(JSON.parse(JSON.stringify(staticData)) as IDataObject);

/**
 * The trigger's step in the execution n8n starts for a batch (n8n runs a poll node's `execute`
 * first), on the static data the execution loaded; n8n saves that when the execution ends.
 */
async function executeBatch(
  items: INodeExecutionData[],
  staticData: IDataObject,
  mode: 'trigger' | 'retry' = 'trigger',
) {
  const context = {
    getInputData: () => items,
    getMode: () => mode,
    getWorkflowStaticData: () => staticData,
    getNode: () => ({ id: 'node-1', name: 'Audit Relay Trigger' }),
  } as unknown as IExecuteFunctions;
  const output = await new AuditRelayTrigger().execute.call(context);
  return output?.[0] ?? [];
}

/** A new n8n process: the module (and what it knew) reloaded. */
async function restartedTrigger() {
  vi.resetModules();
  const { AuditRelayTrigger: Restarted } =
    await import('../nodes/AuditRelayTrigger/AuditRelayTrigger.node.js');
  return new Restarted();
}
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
});

describe('Audit Relay Trigger: a batch is committed with its own execution', () => {
  it('a clean restart after the execution ended emits nothing again (default scheduler)', async () => {
    // n8n's default scheduler saves a trigger's static data only when a poll emits: the commit
    // that follows the execution is not saved by the next, empty, poll.
    const memory: IDataObject = {};
    let database: IDataObject = {};
    const first = await poll(memory, 'uipath-orchestrator-odata', {
      workflowId: 'wf-h',
      onEmit: () => (database = reload(memory)),
    });
    const batch = first.emitted[0]!;
    expect(state(database).pending).toBeDefined();

    // The execution: the trigger's step strips what the batch carries and commits it in the
    // execution's static data, which n8n saves when the execution ends.
    const execution = reload(database);
    const delivered = await executeBatch(batch.items, execution);
    expect(delivered.map((item) => JSON.stringify(item.json))).toEqual(batch.ids);
    expect(delivered.some((item) => COMMIT_KEY in item)).toBe(false);
    database = reload(execution);
    batch.done.resolve({ status: 'success' } as IRun);
    await settle();
    expect(state(database).pending).toBeUndefined();
    expect(state(database).checkpoint).toEqual(state(memory).checkpoint);

    const quiet = await poll(memory, 'uipath-orchestrator-odata', { workflowId: 'wf-h' });
    expect(quiet.emitted).toEqual([]);

    const logged: string[] = [];
    const trigger = await restartedTrigger();
    const loaded = reload(database);
    const afterRestart = await poll(loaded, 'uipath-orchestrator-odata', {
      workflowId: 'wf-h',
      trigger,
      logged,
    });
    expect(afterRestart.emitted).toEqual([]);
    expect(logged.join('\n')).not.toMatch(/emitted again/);
    sim.append('uipath-orchestrator-odata', 2);
    const next = await poll(loaded, 'uipath-orchestrator-odata', { workflowId: 'wf-h', trigger });
    expect(next.emitted[0]!.ids).toHaveLength(2);
    expect(next.emitted[0]!.ids.filter((id) => batch.ids.includes(id))).toEqual([]);
  });

  it('commits also when the execution loaded its static data before the emit saved it', async () => {
    const memory: IDataObject = {};
    const first = await poll(memory, 'kore-xo-admin-console', { workflowId: 'wf-i' });
    first.emitted[0]!.done.resolve({ status: 'success' } as IRun);
    await settle();
    const beforeEmit = reload(memory);
    sim.append('kore-xo-admin-console', 1);
    const second = await poll(memory, 'kore-xo-admin-console', { workflowId: 'wf-i' });
    const batch = second.emitted[0]!;
    // n8n reads the workflow for the execution while the emit's save may still be under way.
    const execution = reload(beforeEmit);
    await executeBatch(batch.items, execution);
    expect(state(execution).pending).toBeUndefined();
    expect(state(execution).checkpoint).toEqual(state(memory).pending?.checkpoint);
  });

  it('a retried old execution, or one older than the stored state, moves nothing back', async () => {
    const memory: IDataObject = {};
    const first = await poll(memory, 'kore-xo-admin-console', { workflowId: 'wf-j' });
    const old = first.emitted[0]!;
    old.done.resolve({ status: 'success' } as IRun);
    await settle();
    sim.append('kore-xo-admin-console', 1);
    const second = await poll(memory, 'kore-xo-admin-console', { workflowId: 'wf-j' });
    second.emitted[0]!.done.resolve({ status: 'success' } as IRun);
    await settle();
    const newer = JSON.stringify(memory);

    // Retried from the executions list: n8n runs it in `retry` mode.
    const retried = reload(memory);
    const items = await executeBatch(old.items, retried, 'retry');
    expect(items.some((item) => COMMIT_KEY in item)).toBe(false);
    expect(JSON.stringify(retried)).toBe(newer);
    // A trigger-mode execution whose static data already holds a newer state.
    const late = reload(memory);
    await executeBatch(old.items, late);
    expect(JSON.stringify(late)).toBe(newer);
  });

  it("two triggers of one workflow: a batch waits for the other trigger's execution", async () => {
    // n8n saves a workflow's whole static data when an execution ends, as it was when the
    // execution started: overlapping executions would save the other trigger's batch as pending.
    const workflow: IDataObject = { 'node:A': {}, 'node:B': {} };
    const nodeA = workflow['node:A'] as IDataObject;
    const nodeB = workflow['node:B'] as IDataObject;
    const a = await poll(nodeA, 'kore-xo-admin-console', { workflowId: 'wf-k', nodeId: 'A' });
    const batchA = a.emitted[0]!;

    // Out of budget while A's execution runs: nothing is emitted, B's cursor stays.
    const tooLate = await poll(nodeB, 'uipath-orchestrator-odata', {
      workflowId: 'wf-k',
      nodeId: 'B',
      pollBudgetMs: 300,
    });
    expect(tooLate.emitted).toEqual([]);
    expect(state(nodeB).pending).toBeUndefined();
    expect(state(nodeB).checkpoint).toBeUndefined();

    let savedAtEmit: IDataObject | undefined;
    const b = poll(nodeB, 'uipath-orchestrator-odata', {
      workflowId: 'wf-k',
      nodeId: 'B',
      onEmit: () => (savedAtEmit = reload(workflow)),
    });
    await sleep(200);
    expect(savedAtEmit).toBeUndefined();
    batchA.done.resolve({ status: 'success' } as IRun);
    const { emitted } = await b;
    expect(emitted).toHaveLength(1);
    // What n8n saves with B's emit (and B's execution loads) has A's batch committed.
    const savedA = state(savedAtEmit!['node:A'] as IDataObject);
    expect(savedA.pending).toBeUndefined();
    expect(savedA.checkpoint).toBeDefined();
    // Another workflow's trigger is not held up by B's execution.
    const other = await poll({}, 'kore-xo-admin-console', { workflowId: 'wf-l', nodeId: 'A' });
    expect(other.emitted).toHaveLength(1);
  });
});
