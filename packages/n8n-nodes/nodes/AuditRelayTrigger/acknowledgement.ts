// The trigger's acknowledgement state machine: a batch's checkpoint is committed only once the
// execution it started has ended, because n8n saves static data when a poll emits, before the
// execution runs, and never runs again an execution that died with its process.
import type { IDataObject, INodeExecutionData, IPollFunctions, IRun } from 'n8n-workflow';
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

function triggerKey(context: IPollFunctions): string {
  const workflowId = typeof context.getWorkflow === 'function' ? context.getWorkflow().id : '';
  return `${workflowId}:${context.getNode().id}`;
}

/** The state once its pending batch's execution is known: committed if it ended, else dropped. */
function applyOutcome(state: TriggerState, outcome: 'ended' | 'failed' | undefined): TriggerState {
  if (!state.pending) return state;
  const { pending, ...rest } = state;
  return outcome === 'ended' ? { ...rest, checkpoint: pending.checkpoint } : rest;
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
  const { pending } = state;
  if (!pending) return state;
  const key = triggerKey(context);
  const last = executions.get(key);
  const outcome =
    pending.process === PROCESS_ID && last?.batch === pending.id ? last.outcome : undefined;
  executions.delete(key);
  if (outcome !== 'ended')
    context.logger.info(
      'Audit Relay Trigger: the last batch is emitted again, as its execution is not known ' +
        'to have ended (n8n restarted, or the execution failed to start or was stopped)',
    );
  return applyOutcome(state, outcome);
}

/**
 * Emits a batch whose checkpoint is stored as pending, and commits it in this process's static
 * data once the execution has ended: n8n stores it with the workflow's next save (an emit of any
 * of its triggers; with durable poll cursors, the next poll reads the database's copy and settles
 * the batch there). A crash in between re-reads the batch instead of skipping it.
 */
export function emitAcknowledged(
  context: IPollFunctions,
  items: INodeExecutionData[],
  state: TriggerState,
  commit: Checkpoint,
  holdUntil: HoldUntil,
): void {
  const key = triggerKey(context);
  const id = randomUUID();
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
      // Only what the poll itself would commit next, and only after the execution ended.
      const current = nodeData[STATE_KEY] as unknown as TriggerState | undefined;
      if (current?.pending?.id === id)
        nodeData[STATE_KEY] = applyOutcome(current, outcome) as unknown as IDataObject;
    });
  nodeData[STATE_KEY] = {
    ...state,
    pending: { id, process: PROCESS_ID, checkpoint: commit },
  } as unknown as IDataObject;
  holdUntil(settled);
  context.__emit([items], undefined, done);
}
