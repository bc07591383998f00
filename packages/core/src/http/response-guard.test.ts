import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
// The `zod/v4` inside zod 3.25, which n8n ships and the n8n node's bundle of this code uses.
import { z as zodOfN8n } from 'zod-n8n/v4';
import { aiForWorkResponseSchema } from '../sources/kore-ai-for-work/response-schema.js';
import { koreXoResponseSchema } from '../sources/kore-xo-admin-console/response-schema.js';
import { uipathPlatformResponseSchema } from '../sources/uipath-platform-audit/response-schema.js';
import {
  orchestratorDetailsSchema,
  orchestratorListSchema,
} from '../sources/uipath-orchestrator-odata/response-schema.js';
import { responseGuard } from './response-guard.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8'));

const orchestratorRecord = {
  Id: 48213,
  ServiceName: 'Robots',
  MethodName: 'Edit',
  Parameters: '{"robotDto":{"Name":"rpa-07"}}',
  ExecutionTime: '2026-03-02T09:41:17.203Z',
  Action: 'Update',
  Component: 'Robots',
  DisplayName: 'Robot rpa-07 was updated',
  EntityId: 73,
  OperationText: 'Updated robot',
  UserName: 'admin@acme.test',
  UserType: 'User',
  Entities: [
    {
      Id: 1,
      AuditLogId: 48213,
      EntityId: 73,
      EntityName: 'Robot',
      Action: 'Update',
      CustomData: null,
    },
  ],
  ExternalClientId: null,
  UserId: 12,
  UserIsDeleted: false,
};

/** Each vendor's response schema with a response it accepts. */
const SCHEMAS: Array<[string, z.ZodType, unknown]> = [
  ['Kore.ai XO', koreXoResponseSchema, fixture('kore-xo-seed-response.json')],
  ['Kore.ai AI for Work', aiForWorkResponseSchema, fixture('kore-ai-for-work-seed-response.json')],
  ['UiPath Platform', uipathPlatformResponseSchema, fixture('uipath-platform-seed-response.json')],
  [
    'UiPath Orchestrator',
    orchestratorListSchema,
    { '@odata.context': 'x', '@odata.count': 2, value: [orchestratorRecord, orchestratorRecord] },
  ],
  [
    'UiPath Orchestrator details',
    orchestratorDetailsSchema,
    { value: orchestratorRecord.Entities },
  ],
];

// Values on the edges of what the schemas tell apart.
const edge = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  'x',
  '2026-01-01T00:00:00Z',
  0,
  -0,
  1,
  1.5,
  -7,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  {},
  [],
  [{}],
  [null],
  { from: {}, to: { a: 1 } },
  { from: [], to: null },
  Object.create(null) as unknown,
  new Date(0),
);
const value = fc.oneof(edge, fc.anything({ maxDepth: 2 }));

/** Replaces (or deletes) one value somewhere in `root`: a field, an array element, the root. */
function mutate(root: unknown, path: number[], replacement: unknown, remove: boolean): unknown {
  const copy = structuredClone<unknown>(root);
  let parent: unknown = undefined;
  let key: string | number | undefined;
  let node = copy;
  for (const step of path) {
    if (Array.isArray(node) && node.length > 0) {
      parent = node;
      key = step % node.length;
      node = node[key] as unknown;
    } else if (typeof node === 'object' && node !== null) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      parent = node;
      key = keys[step % keys.length];
      node = (node as Record<string, unknown>)[key as string];
    } else break;
  }
  if (parent === undefined || key === undefined) return replacement;
  if (remove && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key];
  else (parent as Record<string | number, unknown>)[key] = replacement;
  return copy;
}

/**
 * Holds the guard of `schema` to zod's verdict on `sample` with one value replaced or deleted
 * somewhere (up to `depth` steps down), and on arbitrary values.
 */
function expectAgreement(schema: z.ZodType, sample: unknown, depth: number): void {
  const guard = responseGuard(schema);
  expect(guard).toBeDefined();
  expect(guard?.(sample)).toBe(true);
  expect(schema.safeParse(sample).success).toBe(true);
  const agrees = (candidate: unknown) => {
    expect(guard?.(candidate)).toBe(schema.safeParse(candidate).success);
  };
  fc.assert(
    fc.property(
      fc.array(fc.nat(), { maxLength: depth }),
      value,
      fc.boolean(),
      (path, replacement, remove) => agrees(mutate(sample, path, replacement, remove)),
    ),
    { numRuns: 3000 },
  );
  fc.assert(fc.property(value, agrees));
}

describe('responseGuard', () => {
  it.each(SCHEMAS)('%s: accepts exactly what zod accepts', (_name, schema, sample) => {
    expectAgreement(schema, sample, 5);
  });

  it('treats an array hole as a missing value, as zod does', () => {
    const schema = z.object({ items: z.array(z.string()) });
    // eslint-disable-next-line no-sparse-arrays
    const holed = { items: ['a', , 'c'] };
    expect(schema.safeParse(holed).success).toBe(false);
    expect(responseGuard(schema)?.(holed)).toBe(false);
  });

  describe.each([
    ['zod 4', z],
    ["n8n's zod 3.25", zodOfN8n as unknown as typeof z],
  ])('with %s', (_zodName, zod) => {
    it('accepts exactly what zod accepts, for each construct it knows', () => {
      const schema = zod.looseObject({
        id: zod.number().int(),
        name: zod.string().min(2),
        tag: zod.union([zod.string(), zod.number()]).nullish(),
        flags: zod.array(zod.boolean()).optional(),
        meta: zod.record(zod.string(), zod.unknown()).nullable(),
        stripped: zod.object({ n: zod.number(), b: zod.boolean().nullish() }).optional(),
        list: zod.array(zod.unknown()),
      });
      const sample = {
        id: 1,
        name: 'ab',
        tag: 3,
        flags: [true],
        meta: {},
        stripped: { n: 1 },
        list: [0],
      };
      expectAgreement(schema, sample, 3);
    });

    it.each([
      ['a refinement', zod.object({ a: zod.string().refine((s) => s !== 'x') })],
      ['a transform', zod.object({ a: zod.string().transform((s) => s.length) })],
      ['a strict object', zod.strictObject({ a: zod.string() })],
      ['a literal', zod.object({ a: zod.literal('x') })],
      ['an enum', zod.object({ a: zod.enum(['x', 'y']) })],
      ['a maximum length', zod.object({ a: zod.string().max(3) })],
      ['a coercion', zod.object({ a: zod.coerce.number() })],
      ['an array length', zod.object({ a: zod.array(zod.string()).min(1) })],
      // Whether the key may be missing differs between zod 4.6 and 3.25.
      ['a required field that takes undefined', zod.object({ a: zod.unknown() })],
    ])('leaves a schema with %s to zod', (_name, schema) => {
      expect(responseGuard(schema)).toBeUndefined();
    });
  });
});
