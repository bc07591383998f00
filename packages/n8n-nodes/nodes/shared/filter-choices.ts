import {
  NodeOperationError,
  type ILoadOptionsFunctions,
  type INodePropertyOptions,
} from 'n8n-workflow';
import { isBuiltInSourceType, sourceDefinition } from '@auditrelay/core/portable';
import { toNodeError } from './errors';
import { choicesMethodName, VENDOR_CHOICE_FILTERS } from './properties';
import { CREDENTIAL_TYPES, CREDENTIALS_BY_KIND, formValuesOf, openSource } from './source';

/** How long a list may take, retries included: a dropdown should not wait for minutes. */
const LOAD_OPTIONS_BUDGET_MS = 30_000;

/**
 * The values the vendor offers for a filter (`AuditSource.filterChoices`), read with the node's
 * credential and form options as they are now. Failures are n8n errors with a redacted message.
 */
export async function loadFilterChoices(
  context: ILoadOptionsFunctions,
  filter: string,
): Promise<INodePropertyOptions[]> {
  const node = context.getNode();
  const sourceType = context.getCurrentNodeParameter('source');
  if (!isBuiltInSourceType(sourceType)) {
    throw new NodeOperationError(node, `Unknown source "${String(sourceType)}"`);
  }
  const definition = sourceDefinition(sourceType);
  const label = definition.filters.find((candidate) => candidate.name === filter)?.label ?? filter;
  const credential = CREDENTIALS_BY_KIND[definition.credentialKind];
  if (!node.credentials?.[CREDENTIAL_TYPES[sourceType]]) {
    throw new NodeOperationError(
      node,
      `Select a ${credential.displayName} credential to load the ${label} list`,
      { description: `The list is read from ${definition.displayName} with that credential.` },
    );
  }
  let redact = (text: string) => text;
  try {
    const formValues = formValuesOf(sourceType, (name, fallback) => {
      const value = context.getCurrentNodeParameter(name);
      return value === undefined ? fallback : value;
    });
    const opened = await openSource(context, sourceType, {
      deadline: Date.now() + LOAD_OPTIONS_BUDGET_MS,
      deadlineName: 'the time allowed to load a list',
      formValues,
    });
    redact = opened.redact;
    try {
      if (!opened.source.filterChoices) {
        throw new NodeOperationError(
          node,
          `${definition.displayName} does not list values for the ${label} filter; type them in as an expression`,
        );
      }
      const choices = await opened.source.filterChoices(filter);
      return choices.map(({ name, value, description }) => ({
        name,
        value,
        ...(description ? { description } : {}),
      }));
    } finally {
      await opened.source.close();
    }
  } catch (error) {
    throw toNodeError(node, error, { redact });
  }
}

/** The nodes' `methods.loadOptions`: one method per filter with vendor choices. */
export const FILTER_CHOICE_LOADERS: Record<
  string,
  (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>
> = Object.fromEntries(
  VENDOR_CHOICE_FILTERS.map((filter) => [
    choicesMethodName(filter.name),
    async function (this: ILoadOptionsFunctions) {
      return await loadFilterChoices(this, filter.name);
    },
  ]),
);
