// A checker for OCSF output against the vendored OCSF 1.8.0 schema (test helper): required
// attributes of the class and everything it extends, enums, scalar types from the dictionary,
// required attributes and at_least_one constraints of the objects used.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../__fixtures__/ocsf-1.8.0/', import.meta.url));
type Json = Record<string, unknown>;
interface AttributeDef {
  requirement?: string;
  type?: string;
  is_array?: boolean;
  enum?: Record<string, unknown>;
  object_type?: string;
}
interface Definition {
  extends?: string;
  attributes: Record<string, unknown>;
  constraints?: { at_least_one?: string[]; just_one?: string[] };
}

const read = (path: string) => JSON.parse(readFileSync(`${ROOT}${path}`, 'utf8')) as Json;
const dictionary = (read('dictionary.json').attributes ?? {}) as Record<string, AttributeDef>;
const CLASS_FILES: Record<number, string> = {
  3001: 'events/iam/account_change.json',
  3002: 'events/iam/authentication.json',
  3004: 'events/iam/entity_management.json',
  3005: 'events/iam/user_access.json',
  3006: 'events/iam/group_management.json',
  6003: 'events/application/api_activity.json',
};
const PARENT_FILES: Record<string, string> = {
  base_event: 'events/base_event.json',
  iam: 'events/iam/iam.json',
  application: 'events/application/application.json',
};

function chain(file: string, parents: (name: string) => string | undefined): Definition[] {
  const out: Definition[] = [];
  let current: string | undefined = file;
  while (current) {
    const definition = read(current) as unknown as Definition;
    out.push(definition);
    current = definition.extends ? parents(definition.extends) : undefined;
  }
  return out;
}

function merged(definitions: Definition[]): {
  attributes: Record<string, AttributeDef>;
  constraints: Definition['constraints'];
} {
  const attributes: Record<string, AttributeDef> = {};
  let constraints: Definition['constraints'];
  for (const definition of [...definitions].reverse()) {
    for (const [name, value] of Object.entries(definition.attributes)) {
      if (name.startsWith('$') || typeof value !== 'object' || value === null) continue;
      const previous = { ...(dictionary[name] ?? {}), ...attributes[name] };
      const next = value as AttributeDef;
      // Enums accumulate down the chain (base_event's 0 Unknown and 99 Other stay valid).
      const values = previous.enum || next.enum ? { ...previous.enum, ...next.enum } : undefined;
      attributes[name] = { ...previous, ...next, ...(values ? { enum: values } : {}) };
    }
    constraints = definition.constraints ?? constraints;
  }
  return { attributes, constraints };
}

const objectCache = new Map<string, ReturnType<typeof merged>>();
function objectDef(name: string) {
  if (!objectCache.has(name))
    objectCache.set(
      name,
      merged(
        chain(`objects/${name}.json`, (parent) =>
          parent === 'object' ? undefined : `objects/${parent}.json`,
        ),
      ),
    );
  return objectCache.get(name)!;
}

function checkScalar(
  type: string | undefined,
  value: unknown,
  path: string,
  problems: string[],
): void {
  switch (type) {
    case 'integer_t':
    case 'long_t':
    case 'timestamp_t':
    case 'port_t':
      if (!Number.isInteger(value)) problems.push(`${path}: expected an integer (${type})`);
      break;
    case 'float_t':
      if (typeof value !== 'number') problems.push(`${path}: expected a number`);
      break;
    case 'boolean_t':
      if (typeof value !== 'boolean') problems.push(`${path}: expected a boolean`);
      break;
    case 'json_t':
      break;
    case undefined:
    default:
      if (type?.endsWith('_t') && typeof value !== 'string')
        problems.push(`${path}: expected a string (${type})`);
  }
}

function checkValue(def: AttributeDef, value: unknown, path: string, problems: string[]): void {
  if (def.is_array) {
    if (!Array.isArray(value)) problems.push(`${path}: expected an array`);
    else
      value.forEach((item, index) =>
        checkValue({ ...def, is_array: false }, item, `${path}[${index}]`, problems),
      );
    return;
  }
  if (def.enum && !(String(value) in def.enum))
    problems.push(`${path}: ${String(value)} is not one of ${Object.keys(def.enum).join(', ')}`);
  const objectType =
    def.object_type ??
    (def.type && !def.type.endsWith('_t') && def.type !== 'object' ? def.type : undefined);
  if (objectType) checkObject(objectType, value, path, problems);
  else checkScalar(def.type, value, path, problems);
}

function checkAttributes(
  definition: ReturnType<typeof merged>,
  data: unknown,
  path: string,
  problems: string[],
): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push(`${path || '(event)'}: expected an object`);
    return;
  }
  const record = data as Json;
  for (const [name, attribute] of Object.entries(definition.attributes)) {
    if (attribute.requirement === 'required' && record[name] === undefined)
      problems.push(`${path}${name}: required`);
  }
  for (const group of [definition.constraints?.at_least_one].filter(Boolean) as string[][]) {
    if (!group.some((name) => record[name] !== undefined))
      problems.push(`${path || '(event)'}: needs at least one of ${group.join(', ')}`);
  }
  for (const [name, value] of Object.entries(record)) {
    const attribute = definition.attributes[name];
    if (!attribute) {
      problems.push(`${path}${name}: not an attribute of this class/object`);
      continue;
    }
    // class_uid and category_uid are enumerated per class by the schema compiler, not in the
    // source files: checked against the class file and categories.json in ocsfProblems instead.
    const own =
      path === '' && (name === 'class_uid' || name === 'category_uid')
        ? { ...attribute, enum: undefined }
        : attribute;
    if (value !== undefined && value !== null) checkValue(own, value, `${path}${name}`, problems);
  }
}

function checkObject(name: string, value: unknown, path: string, problems: string[]): void {
  checkAttributes(objectDef(name), value, `${path}.`, problems);
}

/** Problems of one OCSF event against its class; empty when it conforms. */
export function ocsfProblems(event: Json): string[] {
  const problems: string[] = [];
  const file = CLASS_FILES[event.class_uid as number];
  if (!file)
    return [`class_uid ${String(event.class_uid)} is not one of the classes auditrelay emits`];
  const definition = merged(chain(file, (parent) => PARENT_FILES[parent]));
  checkAttributes(definition, event, '', problems);
  const category = read('categories.json') as { attributes: Record<string, { uid: number }> };
  const categoryUid = Object.values(category.attributes).find((c) => c.uid === event.category_uid);
  if (!categoryUid) problems.push(`category_uid ${String(event.category_uid)} is unknown`);
  const own = read(file) as { uid?: number };
  if (event.class_uid !== (event.category_uid as number) * 1000 + (own.uid ?? -1))
    problems.push('class_uid must be category_uid * 1000 + the class uid');
  if (event.type_uid !== (event.class_uid as number) * 100 + (event.activity_id as number))
    problems.push('type_uid must be class_uid * 100 + activity_id');
  return problems;
}
