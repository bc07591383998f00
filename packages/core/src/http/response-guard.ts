import type { z } from 'zod/v4';

/** A yes/no check of a value against a schema, with no allocation and no error detail. */
export type Guard = (value: unknown) => boolean;

// The parts of a zod 4 schema definition a guard reads (`schema._zod.def`, the definition zod
// documents for library authors; the same in zod 4.x and the `zod/v4` of zod 3.25 that n8n ships).
interface Def {
  type: string;
  checks?: { _zod: { def: { check: string; format?: string; minimum?: number } } }[];
  coerce?: boolean;
  innerType?: Schema;
  element?: Schema;
  options?: Schema[];
  shape?: Record<string, Schema>;
  catchall?: Schema;
  keyType?: Schema;
  valueType?: Schema;
}
interface Schema {
  _zod: { def: Def };
}

const guards = new WeakMap<object, Guard | null>();

/**
 * A fast stand-in for `schema.safeParse(value).success`, for the response schemas: objects (loose
 * or stripping), arrays, unions, records, strings (with a minimum length), finite numbers (and safe
 * integers), booleans, `unknown`, optional and nullable. A schema using anything else (refinements,
 * transforms, strict objects, literals, …) has no guard: `undefined`, and zod alone decides.
 *
 * A guard accepts exactly what the schema accepts (a property test holds it to that against zod on
 * generated responses); it gives no reasons, so a rejected value is parsed by zod for the message.
 * Parsing with zod costs 0.8 µs (zod 4) to 2.3 µs (zod 3.25) per UiPath Orchestrator record and
 * rebuilds every object; a guard takes about 0.3 µs and allocates nothing.
 */
export function responseGuard(schema: z.ZodType): Guard | undefined {
  let guard = guards.get(schema);
  if (guard === undefined) {
    guard = compile(schema) ?? null;
    guards.set(schema, guard);
  }
  return guard ?? undefined;
}

function compile(schema: Schema): Guard | undefined {
  const def = schema._zod.def;
  if (def.coerce) return undefined;
  const checks = def.checks ?? [];
  switch (def.type) {
    case 'unknown':
      return checks.length === 0 ? () => true : undefined;
    case 'boolean':
      return checks.length === 0 ? (value) => typeof value === 'boolean' : undefined;
    case 'number': {
      if (checks.length === 0)
        return (value) => typeof value === 'number' && Number.isFinite(value);
      const only = checks.length === 1 ? checks[0]?._zod.def : undefined;
      if (only?.check === 'number_format' && only.format === 'safeint') {
        return (value) => Number.isSafeInteger(value);
      }
      return undefined;
    }
    case 'string': {
      if (checks.length === 0) return (value) => typeof value === 'string';
      const only = checks.length === 1 ? checks[0]?._zod.def : undefined;
      if (only?.check === 'min_length' && typeof only.minimum === 'number') {
        const minimum = only.minimum;
        return (value) => typeof value === 'string' && value.length >= minimum;
      }
      return undefined;
    }
    case 'optional': {
      const inner = def.innerType && compile(def.innerType);
      return inner && ((value) => value === undefined || inner(value));
    }
    case 'nullable': {
      const inner = def.innerType && compile(def.innerType);
      return inner && ((value) => value === null || inner(value));
    }
    case 'array': {
      const element = checks.length === 0 && def.element ? compile(def.element) : undefined;
      if (!element) return undefined;
      return (value) => {
        if (!Array.isArray(value)) return false;
        // An index loop, not `every`: a hole is `undefined` to zod, but `every` skips it.
        for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
        return true;
      };
    }
    case 'union': {
      const options = (def.options ?? []).map(compile);
      if (checks.length > 0 || options.length === 0) return undefined;
      if (options.some((option) => option === undefined)) return undefined;
      const all = options as Guard[];
      return (value) => all.some((option) => option(value));
    }
    case 'record': {
      // String keys (the only kind JSON has) and any value: a plain object.
      if (checks.length > 0 || !def.keyType || !def.valueType) return undefined;
      const key = def.keyType._zod.def;
      if (key.type !== 'string' || (key.checks?.length ?? 0) > 0) return undefined;
      const valueGuard = compile(def.valueType);
      if (!valueGuard) return undefined;
      return (value) => {
        if (!isPlainObject(value)) return false;
        for (const k of Reflect.ownKeys(value)) {
          if (typeof k !== 'string' || !valueGuard((value as Record<string, unknown>)[k])) {
            return false;
          }
        }
        return true;
      };
    }
    case 'object': {
      if (checks.length > 0 || !def.shape) return undefined;
      // Loose (`unknown` catch-all) or stripping (none) objects accept any other key.
      if (def.catchall && def.catchall._zod.def.type !== 'unknown') return undefined;
      const fields: [string, Guard][] = [];
      for (const [key, field] of Object.entries(def.shape)) {
        const guard = compile(field);
        if (!guard) return undefined;
        // A missing key passes only an optional field. A field that takes `undefined` without
        // being optional (`unknown`, say) is left to zod: zod 4.6 rejects the key missing, 3.25
        // accepts it.
        if (field._zod.def.type !== 'optional' && guard(undefined)) return undefined;
        fields.push([key, guard]);
      }
      return (value) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
        const record = value as Record<string, unknown>;
        for (const [key, guard] of fields) if (!guard(record[key])) return false;
        return true;
      };
    }
    default:
      return undefined;
  }
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
