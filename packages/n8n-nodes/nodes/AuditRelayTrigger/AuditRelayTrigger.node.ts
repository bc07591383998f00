import {
  NodeConnectionTypes,
  NodeOperationError,
  type IDataObject,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
  type IPollFunctions,
} from 'n8n-workflow';
import {
  AuditRelayError,
  fetchEvents,
  parseCheckpoint,
  sync,
  SYNC_DEFAULTS,
  type AuditEvent,
  type Checkpoint,
} from '@auditrelay/core/portable';
import { toNodeError } from '../shared/errors';
import { formatEvent, outputProperty, type OutputFormat } from '../shared/output';
import { FILTER_CHOICE_LOADERS } from '../shared/filter-choices';
import {
  filtersProperty,
  formOptionProperties,
  sourceProperty,
  toFilters,
} from '../shared/properties';
import { formValuesOf, NODE_CREDENTIALS, openSource, type SourceType } from '../shared/source';
import { toInstant } from '../shared/time';
import {
  STATE_KEY,
  canAcknowledge,
  emitAcknowledged,
  onePollAtATime,
  settlePending,
  type HoldUntil,
  type TriggerState,
} from './acknowledgement';

export { STATE_KEY, type TriggerState } from './acknowledgement';
/** Share of n8n's poll budget spent fetching; the rest is left for emitting. */
const BUDGET_SHARE = 0.8;
const DEFAULT_POLL_BUDGET_MS = 45_000;
const MANUAL_LOOKBACK_MS = 7 * 86_400_000;
const MANUAL_SAMPLE_SIZE = 5;

export class AuditRelayTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Audit Relay Trigger',
    name: 'auditRelayTrigger',
    icon: {
      light: 'file:../../icons/auditrelay.svg',
      dark: 'file:../../icons/auditrelay.dark.svg',
    },
    group: ['trigger'],
    version: 1,
    subtitle: '={{"New events: " + $parameter["source"]}}',
    description: 'Starts the workflow on new Kore.ai or UiPath audit events, each emitted once',
    defaults: { name: 'Audit Relay Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: NODE_CREDENTIALS,
    properties: [
      sourceProperty,
      ...formOptionProperties,
      {
        displayName: 'Start From',
        name: 'startFrom',
        type: 'options',
        options: [
          {
            name: 'Activation Time',
            value: 'now',
            description: 'Only events that occur after the workflow is activated',
          },
          {
            name: 'A Chosen Time',
            value: 'date',
            description: 'Also deliver the events since a chosen time on the first polls',
          },
        ],
        default: 'now',
        description: 'Where the first poll starts. Later polls continue where the last one ended.',
      },
      {
        displayName: 'Start Time',
        name: 'startAt',
        type: 'dateTime',
        default: '',
        required: true,
        displayOptions: { show: { startFrom: ['date'] } },
        description: 'Events at or after this time are delivered',
      },
      filtersProperty,
      outputProperty,
      {
        displayName: 'Options',
        name: 'options',
        type: 'collection',
        placeholder: 'Add Option',
        default: {},
        options: [
          {
            displayName: 'Lag (Seconds)',
            name: 'lagSeconds',
            type: 'number',
            typeOptions: { minValue: 0 },
            // n8n's linter wants a literal; a test holds it equal to the core's SYNC_DEFAULTS.
            default: 60,
            description:
              'Read only up to this long ago, giving the vendor time to make late writes visible',
          },
          {
            displayName: 'Max Events per Poll',
            name: 'maxEvents',
            type: 'number',
            typeOptions: { minValue: 1 },
            default: 1000,
            description:
              'Stop a poll after about this many events; the next poll continues from there',
          },
          {
            displayName: 'Overlap (Seconds)',
            name: 'overlapSeconds',
            type: 'number',
            typeOptions: { minValue: 0 },
            // n8n's linter wants a literal; a test holds it equal to the core's SYNC_DEFAULTS.
            default: 300,
            description:
              'Re-read this much before the last position to catch late events; what was already emitted is skipped',
          },
        ],
      },
    ],
  };

  methods = { loadOptions: FILTER_CHOICE_LOADERS };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    if (this.getMode() === 'manual') return await pollOnce.call(this);
    return await onePollAtATime(this, (holdUntil) => pollOnce.call(this, holdUntil));
  }
}

async function pollOnce(
  this: IPollFunctions,
  holdUntil: HoldUntil = () => undefined,
): Promise<INodeExecutionData[][] | null> {
  const started = Date.now();
  const budgetMs =
    typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
  const deadline = started + budgetMs * BUDGET_SHARE;
  const sourceType = this.getNodeParameter('source') as SourceType;
  const output = this.getNodeParameter('output') as OutputFormat;
  const filters = toFilters(this.getNodeParameter('filters', {}) as Record<string, unknown>);
  const options = this.getNodeParameter('options', {}) as IDataObject;
  const startFrom = this.getNodeParameter('startFrom') as 'now' | 'date';
  const chosenStart =
    startFrom === 'date'
      ? toInstant(this.getNodeParameter('startAt') as string, this.getTimezone())
      : undefined;
  const lagMs = Number(options.lagSeconds ?? SYNC_DEFAULTS.lagSeconds) * 1000;
  const overlapMs = Number(options.overlapSeconds ?? SYNC_DEFAULTS.overlapSeconds) * 1000;
  const maxEvents = Number(options.maxEvents ?? 1000);

  let redact = (text: string) => text;
  try {
    const formValues = formValuesOf(sourceType, (name, fallback) =>
      this.getNodeParameter(name, fallback),
    );
    const opened = await openSource(this, sourceType, { deadline, formValues });
    redact = opened.redact;
    const { source } = opened;
    const toItems = (events: AuditEvent[]) =>
      this.helpers.returnJsonArray(events.map((event) => formatEvent(event, output)));

    try {
      if (this.getMode() === 'manual') {
        // A sample to build the workflow with; the cursor is neither read nor moved.
        const sample: AuditEvent[] = [];
        for await (const event of fetchEvents(source, {
          from: chosenStart || new Date(started - MANUAL_LOOKBACK_MS).toISOString(),
          to: new Date(started).toISOString(),
          filters,
          limit: MANUAL_SAMPLE_SIZE,
        })) {
          sample.push(event);
        }
        return sample.length > 0 ? [toItems(sample)] : null;
      }

      const staticData = this.getWorkflowStaticData('node');
      // A plain copy: n8n wraps stored static data in proxies that carry a hidden
      // `__dataChanged` flag on every nested object, which the checkpoint parser would refuse.
      const stored = staticData[STATE_KEY];
      let state =
        stored === undefined ? undefined : (JSON.parse(JSON.stringify(stored)) as TriggerState);
      if (!state || state.version !== 1 || state.sourceKey !== opened.key) {
        // First activation (or another endpoint): remember where to start; emit nothing yet.
        const startAt = chosenStart ? new Date(chosenStart) : new Date(started);
        if (Number.isNaN(startAt.getTime())) {
          throw new NodeOperationError(
            this.getNode(),
            `parameter "Start Time": expected a date and time, got "${chosenStart}"`,
          );
        }
        state = { version: 1, sourceKey: opened.key, startAt: startAt.toISOString() };
        staticData[STATE_KEY] = state as unknown as IDataObject;
        if (!chosenStart) return null;
      }
      if (state.pending) {
        state = settlePending(this, state);
        staticData[STATE_KEY] = state as unknown as IDataObject;
      }
      // Nothing is readable yet until the start is older than the lag.
      if (!state.checkpoint && Date.parse(state.startAt) > started - lagMs) return null;

      const emitted: AuditEvent[] = [];
      let commit: Checkpoint | undefined;
      try {
        for await (const batch of sync(
          source,
          state.checkpoint ? parseCheckpoint(state.checkpoint) : undefined,
          { startAt: state.startAt, lagMs, overlapMs, filters, now: () => started },
        )) {
          emitted.push(...batch.events);
          commit = batch.checkpoint;
          if (batch.done || emitted.length >= maxEvents || Date.now() >= deadline) break;
        }
      } catch (error) {
        // Out of budget mid-batch: deliver what is complete; the cursor stays with it.
        const outOfBudget = AuditRelayError.isInstance(error) && error.code === 'ABORTED';
        if (!outOfBudget || !commit) throw toNodeError(this.getNode(), error, { redact });
      }
      if (!commit) return null;
      if (emitted.length === 0) {
        staticData[STATE_KEY] = { ...state, checkpoint: commit } as unknown as IDataObject;
        return null;
      }
      if (!canAcknowledge(this)) {
        staticData[STATE_KEY] = { ...state, checkpoint: commit } as unknown as IDataObject;
        return [toItems(emitted)];
      }
      emitAcknowledged(this, toItems(emitted), state, commit, holdUntil);
      return null;
    } finally {
      await source.close();
    }
  } catch (error) {
    throw toNodeError(this.getNode(), error, { redact });
  }
}
