// The trigger's acknowledgement state machine: a batch's checkpoint is committed only once the
// execution it started has ended, because n8n saves static data when a poll emits, before the
// execution runs, and never runs again an execution that died with its process.
//
// On n8n's default scheduler a poll that emits nothing is never saved, so the commit that follows
// a batch's execution would wait for the next emit, and a restart in between would emit the batch
// again. The batch therefore carries its commit into its own execution: the trigger node runs
// first in it, puts the commit in the execution's static data, and n8n saves that when the
// execution ends (successfully or not), never when its process dies mid-way.
import type {
  IDataObject,
  IExecuteFunctions,
  INodeExecutionData,
  IPollFunctions,
  IRun,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { randomUUID } from 'crypto';
import type { Checkpoint } from '@auditrelay/core/portable';

/** What the trigger keeps in the workflow's static data. */
export interface TriggerState {
  version: 1;
  /** The endpoint the cursor belongs to; another one starts afresh. */
  sourceKey: string;
  /** Where the first read starts (first activation time or the chosen start). */
  startAt: string;
  /** The core's checkpoint, committed only together with the events it covers. */
  checkpoint?: Checkpoint;
  /**
   * The batch last emitted, by the n8n process `process`: its checkpoint becomes `checkpoint`
   * once its execution has ended.
   */
  pending?: { id: string; process: string; checkpoint: Checkpoint };
}

export const STATE_KEY = 'auditRelay';

/**
 * Identifies this n8n process. A pending batch that another process emitted may have died with
 * that process's execution, so it is read and emitted again.
 */
const PROCESS_ID = randomUUID();
/**
 * How the execution of each trigger's last batch in this process went, by trigger (workflow id +
 * node id). A batch still running has no entry: its trigger polls again only once it has ended
 * (`onePollAtATime`).
 */
const executions = new Map<string, { batch: string; outcome: 'ended' | 'failed' }>();
/**
 * The batch execution running in each workflow, settled once its outcome is applied. A workflow
 * runs one at a time in this process: n8n saves the whole static data of a workflow when one of
 * its executions ends, as it was when that execution started, so an execution that overlapped
 * another trigger's could save that trigger's batch as still pending after its commit.
 */
const running = new Map<string, Promise<void>>();
/** Where a batch carries its commit into its execution: on its first item, beside `json`. */
export const COMMIT_KEY = 'auditRelayCommit';

interface CarriedCommit {
  batch: string;
  state: TriggerState;
}
/** Triggers (workflow id + node id) with a poll, or the execution of its batch, running in this process. */
const polling = new Set<string>();

/** Releases the trigger once the execution of the batch it emitted has ended. */
export type HoldUntil = (done: Promise<unknown>) => void;

/**
 * One poll at a time per trigger in this process, and none until the execution of the batch it
 * emitted has ended: an overlapping tick would read the same cursor and emit the same events
 * again. (With n8n's durable poll cursors each poll reads the cursor from the database, where an
 * emitted batch's cursor lands only once n8n creates its execution.)
 */
export async function onePollAtATime<T>(
  context: IPollFunctions,
  poll: (holdUntil: HoldUntil) => Promise<T | null>,
): Promise<T | null> {
  const key = triggerKey(context);
  if (polling.has(key)) return null;
  polling.add(key);
  let held = false;
  const holdUntil: HoldUntil = (done) => {
    held = true;
    const release = () => polling.delete(key);
    done.then(release, release);
  };
  try {
    return await poll(holdUntil);
  } finally {
    if (!held) polling.delete(key);
  }
}

function workflowIdOf(context: IPollFunctions | IExecuteFunctions): string {
  return typeof context.getWorkflow === 'function' ? (context.getWorkflow().id ?? '') : '';
}

function triggerKey(context: IPollFunctions): string {
  return `${workflowIdOf(context)}:${context.getNode().id}`;
}

function withoutPending(state: TriggerState): TriggerState {
  const rest = { ...state };
  delete rest.pending;
  return rest;
}

/**
 * Whether an execution that ended got to work on its batch. A failed one did (its items stay in
 * it and n8n's error workflow runs), unless it crashed or failed before any node ran: in queue
 * mode a worker that dies mid-execution leaves its job stalled, and n8n ends the execution as an
 * error with no node run (n8n 2.41.1 never retries a stalled job). Those batches are read again.
 */
function workedOnBatch(run: IRun | undefined): boolean {
  if (!run) return true;
  if (run.status === 'crashed') return false;
  const result = run.data?.resultData;
  const noNodeRan =
    result?.lastNodeExecuted === undefined && Object.keys(result?.runData ?? {}).length === 0;
  return !(run.status === 'error' && noNodeRan);
}

/** Whether the context can tell when the execution of an emitted batch has ended. */
export function canAcknowledge(context: IPollFunctions): boolean {
  return (
    typeof context.__emit === 'function' &&
    typeof context.helpers.createDeferredPromise === 'function'
  );
}

/**
 * The state with its pending batch settled: committed when this process saw its execution end,
 * dropped (so the batch is read again) when it failed to start, was stopped, or belongs to an
 * earlier n8n process.
 */
export function settlePending(context: IPollFunctions, state: TriggerState): TriggerState {
  if (!state.pending) return state;
  const { pending, ...rest } = state;
  const key = triggerKey(context);
  const last = executions.get(key);
  const outcome =
    pending.process === PROCESS_ID && last?.batch === pending.id ? last.outcome : undefined;
  executions.delete(key);
  if (outcome === 'ended') return { ...rest, checkpoint: pending.checkpoint };
  context.logger.info(
    'Audit Relay Trigger: the last batch is emitted again, as its execution is not known ' +
      'to have ended (n8n restarted, or the execution failed to start or was stopped)',
  );
  return rest;
}

/**
 * Waits until no batch execution runs in the trigger's workflow in this process; false when that
 * takes past the deadline (the batch is then not emitted, and read again by a later poll).
 */
async function afterRunningBatch(workflowId: string, deadline: number): Promise<boolean> {
  for (let current = running.get(workflowId); current; current = running.get(workflowId)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    // Nodes may not set timers (n8n's linter); a short sleep bounds each wait instead.
    await Promise.race([current, sleep(Math.min(remaining, 250))]);
  }
  return true;
}

/**
 * Emits a batch whose checkpoint is stored as pending, committed once the execution has ended: in
 * the execution's own static data (`acknowledgeInExecution`), and in this process's as soon as
 * the execution is known to have ended. A crash in between re-reads the batch instead of skipping
 * it. Returns false, emitting nothing, when another trigger's batch of the workflow is still
 * running at the deadline.
 */
export async function emitAcknowledged(
  context: IPollFunctions,
  items: INodeExecutionData[],
  state: TriggerState,
  commit: Checkpoint,
  holdUntil: HoldUntil,
  deadline: number,
): Promise<boolean> {
  const workflowId = workflowIdOf(context);
  if (!(await afterRunningBatch(workflowId, deadline))) {
    context.logger.debug(
      'Audit Relay Trigger: another trigger of this workflow is still running its batch; ' +
        'this batch is read again by the next poll',
    );
    return false;
  }
  const key = triggerKey(context);
  const id = randomUUID();
  const committed: TriggerState = { ...withoutPending(state), checkpoint: commit };
  const nodeData = context.getWorkflowStaticData('node');
  const done = context.helpers.createDeferredPromise<IRun | undefined>();
  const settled = done.promise
    .then(
      (run) => (workedOnBatch(run) ? ('ended' as const) : ('failed' as const)),
      () => 'failed' as const,
    )
    .then((outcome) => {
      executions.set(key, { batch: id, outcome });
      if (outcome === 'failed') {
        context.logger.info(
          'Audit Relay Trigger: the last batch will be emitted again, as its execution failed ' +
            'to start, was stopped, or ended before any node ran',
        );
      }
      // Settled in this process's static data at once, so the workflow's next save (any
      // trigger's emit) stores it; with durable poll cursors this object is a poll's own copy,
      // and the next poll settles the batch from the database's copy instead.
      const current = nodeData[STATE_KEY] as unknown as TriggerState | undefined;
      if (current?.pending?.id === id) {
        nodeData[STATE_KEY] = (outcome === 'ended'
          ? committed
          : withoutPending(current)) as unknown as IDataObject;
      }
    });
  running.set(workflowId, settled);
  void settled.finally(() => {
    if (running.get(workflowId) === settled) running.delete(workflowId);
  });
  nodeData[STATE_KEY] = {
    ...state,
    pending: { id, process: PROCESS_ID, checkpoint: commit },
  } as unknown as IDataObject;
  holdUntil(settled);
  const carried: CarriedCommit = { batch: id, state: committed };
  const [first, ...rest] = items;
  const marked = first
    ? [{ ...first, [COMMIT_KEY]: carried as unknown as IDataObject }, ...rest]
    : items;
  context.__emit([marked], undefined, done);
  return true;
}

/** The instant of a state's newest checkpoint, committed or pending. */
function newestUpdate(state: TriggerState | undefined): number {
  const times = [state?.checkpoint?.updatedAt, state?.pending?.checkpoint.updatedAt]
    .map((value) => (value ? Date.parse(value) : Number.NEGATIVE_INFINITY))
    .filter((value) => !Number.isNaN(value));
  return Math.max(Number.NEGATIVE_INFINITY, ...times);
}

/**
 * Run as the trigger node's step in the execution of a batch: strips the commit the batch carries
 * and puts it in the execution's static data, which n8n saves when the execution ends. Only in an
 * execution the trigger started (a retried old execution would move the cursor back), and never
 * over a newer state (the execution may have loaded its static data before the emit's save).
 */
export function acknowledgeInExecution(context: IExecuteFunctions): INodeExecutionData[] {
  const items = context.getInputData();
  const [first, ...rest] = items;
  const carried = first?.[COMMIT_KEY] as unknown as CarriedCommit | undefined;
  if (!first || carried === undefined) return items;
  const item: INodeExecutionData = { ...first };
  delete item[COMMIT_KEY];
  if (context.getMode() === 'trigger' && carried.state?.checkpoint) {
    const nodeData = context.getWorkflowStaticData('node');
    const stored = nodeData[STATE_KEY] as unknown as TriggerState | undefined;
    if (
      stored?.pending?.id === carried.batch ||
      newestUpdate(stored) <= newestUpdate(carried.state)
    ) {
      nodeData[STATE_KEY] = carried.state as unknown as IDataObject;
    }
  }
  return [item, ...rest];
}
