// A tiny OpenAPI 3.0 schema checker for the subset the vendor fixtures use:
// type string/integer/number/boolean/array/object, format date-time/int32/int64, enum, $ref.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
}

export interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: Schema }> }
  >;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

export function loadOpenApi(path: string | URL): OpenApiDoc {
  return parse(readFileSync(path, 'utf8')) as OpenApiDoc;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface CheckOptions {
  /** Require every declared property to be present. */
  allPresent?: boolean;
  /** Property names allowed to be null although the schema does not say nullable. */
  nullable?: string[];
}

/** Returns a list of problems (empty when the value fits the schema). */
export function checkSchema(
  doc: OpenApiDoc,
  schema: Schema,
  value: unknown,
  options: CheckOptions = {},
): string[] {
  return check({ doc, options }, schema, value, '$');
}

function check(
  ctx: { doc: OpenApiDoc; options: CheckOptions },
  schema: Schema,
  value: unknown,
  path: string,
): string[] {
  const { doc, options } = ctx;
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) return [`${path}: unresolved ${schema.$ref}`];
    return check(ctx, target, value, path);
  }
  const problems: string[] = [];
  const leaf = path.split('.').pop() ?? '';
  if (value === null) {
    return schema.nullable || options.nullable?.includes(leaf) ? [] : [`${path}: null`];
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [`${path}: expected string, got ${typeof value}`];
      if (
        schema.format === 'date-time' &&
        (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))
      ) {
        problems.push(`${path}: not a date-time: ${value}`);
      }
      break;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        return [`${path}: expected integer, got ${JSON.stringify(value)}`];
      if (schema.format === 'int32' && Math.abs(value) > 2 ** 31)
        problems.push(`${path}: not int32`);
      break;
    case 'number':
      if (typeof value !== 'number') return [`${path}: expected number`];
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return [`${path}: expected boolean, got ${typeof value}`];
      break;
    case 'array':
      if (!Array.isArray(value)) return [`${path}: expected array`];
      value.forEach((item, i) =>
        problems.push(...check(ctx, schema.items ?? {}, item, `${path}[${i}]`)),
      );
      break;
    case 'object':
    case undefined: {
      if (schema.properties === undefined) break;
      if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected object`];
      const record = value as Record<string, unknown>;
      for (const [name, prop] of Object.entries(schema.properties)) {
        if (!(name in record)) {
          if (options.allPresent || schema.required?.includes(name))
            problems.push(`${path}.${name}: missing`);
          continue;
        }
        problems.push(...check(ctx, prop, record[name], `${path}.${name}`));
      }
      for (const name of Object.keys(record)) {
        if (!(name in schema.properties)) problems.push(`${path}.${name}: not in the schema`);
      }
      break;
    }
    default:
      problems.push(`${path}: unsupported schema type ${schema.type}`);
  }
  if (schema.enum && !schema.enum.includes(value))
    problems.push(`${path}: ${JSON.stringify(value)} not in enum`);
  return problems;
}
