import {
  NodeConnectionTypes,
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
} from 'n8n-workflow';
import { fetchEvents } from '@auditrelay/core/portable';
import { toNodeError } from '../shared/errors';
import { formatEvent, outputProperty, type OutputFormat } from '../shared/output';
import { filtersProperty, sourceProperty, toFilters } from '../shared/properties';
import { openSource, type SourceType } from '../shared/source';
import { toInstant } from '../shared/time';

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
    outputs: [NodeConnectionTypes.Main],
    credentials: [
      {
        name: 'koreAiXoApi',
        required: true,
        displayOptions: { show: { source: ['kore-xo-admin-console'] } },
      },
      {
        name: 'koreAiForWorkApi',
        required: true,
        displayOptions: { show: { source: ['kore-ai-for-work'] } },
      },
      {
        name: 'uiPathOAuth2Api',
        required: true,
        displayOptions: {
          show: { source: ['uipath-platform-audit', 'uipath-orchestrator-odata'] },
        },
      },
    ],
    properties: [
      sourceProperty,
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
      filtersProperty,
      outputProperty,
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const returnData: INodeExecutionData[] = [];
    for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
      let redact = (text: string) => text;
      try {
        const sourceType = this.getNodeParameter('source', itemIndex) as SourceType;
        const from = this.getNodeParameter('from', itemIndex) as string;
        const to = this.getNodeParameter('to', itemIndex, '') as string;
        const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
        const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number);
        const filters = toFilters(
          this.getNodeParameter('filters', itemIndex, {}) as Record<string, unknown>,
        );
        const output = this.getNodeParameter('output', itemIndex) as OutputFormat;
        const timeZone = this.getTimezone();
        const opened = await openSource(this, sourceType);
        redact = opened.redact;
        // Collected per item: a failure mid-way yields one error item, never half a result.
        const events: INodeExecutionData[] = [];
        try {
          for await (const event of fetchEvents(opened.source, {
            from: from ? toInstant(from, timeZone) : undefined,
            to: to ? toInstant(to, timeZone) : undefined,
            filters,
            limit,
          })) {
            events.push({ json: formatEvent(event, output), pairedItem: { item: itemIndex } });
          }
        } finally {
          await opened.source.close();
        }
        returnData.push(...events);
      } catch (error) {
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
    return [returnData];
  }
}
