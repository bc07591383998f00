import {
  NodeConnectionTypes,
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
} from 'n8n-workflow';
import {
  SOURCE_DEFINITIONS,
  describeReport,
  fetchEvents,
  type CompletenessReport,
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

/** The products whose API reads one range at a time: parallel slices do not apply to them. */
const ONE_RANGE = SOURCE_DEFINITIONS.filter(({ capabilities }) => !capabilities.timeSlicing).map(
  ({ displayName }) => displayName,
);

export class AuditRelay implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Audit Relay',
    name: 'auditRelay',
    icon: {
      light: 'file:../../icons/auditrelay.svg',
      dark: 'file:../../icons/auditrelay.dark.svg',
    },
    group: ['input'],
    version: 1,
    subtitle: '={{"Get many: " + $parameter["source"]}}',
    description: 'Read Kore.ai and UiPath audit logs as normalized events',
    defaults: { name: 'Audit Relay' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    // The second output carries one completeness report per input item (how the read showed
    // it delivered every event, or why it could not), never mixed into the events.
    outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
    outputNames: ['Events', 'Completeness'],
    credentials: NODE_CREDENTIALS,
    properties: [
      sourceProperty,
      ...formOptionProperties,
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        options: [{ name: 'Audit Event', value: 'auditEvent' }],
        default: 'auditEvent',
      },
      {
        displayName: 'Operation',
        name: 'operation',
        type: 'options',
        noDataExpression: true,
        displayOptions: { show: { resource: ['auditEvent'] } },
        options: [
          {
            name: 'Get Many',
            value: 'getAll',
            description: 'Get many audit events of a time range',
            action: 'Get many audit events',
          },
        ],
        default: 'getAll',
      },
      {
        displayName: 'Start Time',
        name: 'from',
        type: 'dateTime',
        default: '',
        required: true,
        description: 'Events at or after this time',
      },
      {
        displayName: 'End Time',
        name: 'to',
        type: 'dateTime',
        default: '',
        description: 'Events at or before this time. Leave empty for now.',
      },
      {
        displayName: 'Return All',
        name: 'returnAll',
        type: 'boolean',
        default: false,
        description: 'Whether to return all results or only up to a given limit',
      },
      {
        displayName: 'Limit',
        name: 'limit',
        type: 'number',
        typeOptions: { minValue: 1 },
        default: 50,
        description: 'Max number of results to return',
        displayOptions: { show: { returnAll: [false] } },
      },
      {
        displayName: 'Parallel Requests',
        name: 'parallelRequests',
        type: 'number',
        typeOptions: { minValue: 1, maxValue: 16 },
        default: 1,
        description: `How many slices of the time range to read at once. Above 1 the range is split by time and the events come in the same order as without slices; faster when each request waits on the network${ONE_RANGE.length > 0 ? ` (not for ${ONE_RANGE.join(', ')}, which ${ONE_RANGE.length === 1 ? 'reads' : 'read'} one range)` : ''}.`,
        displayOptions: { show: { returnAll: [true] } },
      },
      filtersProperty,
      outputProperty,
    ],
  };

  methods = { loadOptions: FILTER_CHOICE_LOADERS };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const returnData: INodeExecutionData[] = [];
    const reports: INodeExecutionData[] = [];
    for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
      // Events go straight into the output (no per-item array spread into it afterwards: a
      // spread of more than ~120k arguments overflows the call stack). A failure mid-way cuts
      // this input item's events off again, so it yields one error item, never half a result.
      const itemStart = returnData.length;
      let redact = (text: string) => text;
      try {
        const sourceType = this.getNodeParameter('source', itemIndex) as SourceType;
        const from = this.getNodeParameter('from', itemIndex) as string;
        const to = this.getNodeParameter('to', itemIndex, '') as string;
        const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
        const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number);
        const concurrency = returnAll
          ? Number(this.getNodeParameter('parallelRequests', itemIndex, 1))
          : 1;
        const filters = toFilters(
          this.getNodeParameter('filters', itemIndex, {}) as Record<string, unknown>,
        );
        const output = this.getNodeParameter('output', itemIndex) as OutputFormat;
        const timeZone = this.getTimezone();
        const formValues = formValuesOf(sourceType, (name, fallback) =>
          this.getNodeParameter(name, itemIndex, fallback),
        );
        const opened = await openSource(this, sourceType, { formValues });
        redact = opened.redact;
        // Every event of this input item shares one pairedItem object, as n8n's own
        // constructExecutionMetaData does: 100k events are 100k fewer objects to keep and save.
        const pairedItem = { item: itemIndex };
        const stream = fetchEvents(opened.source, {
          // Read by the core: without an offset in the workflow's time zone.
          from: from || undefined,
          to: to || undefined,
          timeZone,
          filters,
          limit,
          concurrency,
          // Parallel slices in the order of a read without them.
          sliceOrder: 'time',
        });
        try {
          for await (const batch of stream.batches()) {
            for (const event of batch)
              returnData.push({ json: formatEvent(event, output), pairedItem });
          }
        } finally {
          await opened.source.close();
          const report = stream.report;
          reports.push({ json: toJsonObject(report), pairedItem });
          // (Older n8n versions have no execution hints; the Completeness output says the same.)
          this.addExecutionHints?.({
            message: `Completeness: ${opened.redact(describeReport(report))}`,
            type: report.status === 'complete' || report.status === 'limited' ? 'info' : 'warning',
            location: 'outputPane',
          });
        }
      } catch (error) {
        returnData.length = itemStart;
        const nodeError = toNodeError(this.getNode(), error, { itemIndex, redact });
        if (this.continueOnFail()) {
          returnData.push({
            json: { error: nodeError.message, description: nodeError.description ?? null },
            pairedItem: { item: itemIndex },
          });
          continue;
        }
        throw nodeError;
      }
    }
    return [returnData, reports];
  }
}

/** A report as n8n item JSON (a plain copy: item data must be JSON values). */
function toJsonObject(report: CompletenessReport): IDataObject {
  return JSON.parse(JSON.stringify(report)) as IDataObject;
}
