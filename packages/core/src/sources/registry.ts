import type { FormOptionDefinition } from './define-source.js';
import { koreAiForWorkDefinition } from './kore-ai-for-work/definition.js';
import { koreXoAdminConsoleDefinition } from './kore-xo-admin-console/definition.js';
import { uipathOrchestratorDefinition } from './uipath-orchestrator-odata/definition.js';
import { uipathPlatformAuditDefinition } from './uipath-platform-audit/definition.js';
import { uipathUnifiedAuditDefinition } from './uipath-unified-audit/definition.js';

/**
 * Every source type built into the core, one line each. `SOURCE_TYPES`, the config schema, the
 * factory, export metadata and every host's lists, options and docs are derived from this.
 */
export const SOURCE_DEFINITIONS = [
  koreXoAdminConsoleDefinition,
  koreAiForWorkDefinition,
  uipathPlatformAuditDefinition,
  uipathOrchestratorDefinition,
  uipathUnifiedAuditDefinition,
] as const;

/** The definition of one built-in source type. */
export type BuiltInDefinition = (typeof SOURCE_DEFINITIONS)[number];

/** A source type built into the core. Extensions add more through `defineSource`. */
export type BuiltInSourceType = BuiltInDefinition['type'];

/** The built-in source types, in registry order. */
export const SOURCE_TYPES: readonly BuiltInSourceType[] = Object.freeze(
  SOURCE_DEFINITIONS.map((definition) => definition.type),
);

const byType = new Map<string, BuiltInDefinition>(
  SOURCE_DEFINITIONS.map((definition) => [definition.type, definition]),
);

/** True for a type built into the core. */
export function isBuiltInSourceType(type: unknown): type is BuiltInSourceType {
  return typeof type === 'string' && byType.has(type);
}

/** The built-in definition of a type, or undefined for any other string. */
export function sourceDefinition<Type extends BuiltInSourceType>(
  type: Type,
): Extract<BuiltInDefinition, { type: Type }>;
export function sourceDefinition(type: string): BuiltInDefinition | undefined;
export function sourceDefinition(type: string): BuiltInDefinition | undefined {
  return byType.get(type);
}

interface OptionsShape {
  shape: {
    options: { unwrap(): { shape: Record<string, { isOptional(): boolean } | undefined> } };
  };
}

/**
 * The endpoint options of a built-in type (organization, tenant, …) and whether its config schema
 * requires each (no default, not optional): what a host holding them in a credential must ask for.
 */
export function endpointOptionsOf(
  definition: BuiltInDefinition,
): Array<{ name: string; required: boolean }> {
  const shape = (definition.configSchema as unknown as OptionsShape).shape.options.unwrap().shape;
  return definition.endpointOptions.map((name) => {
    const option = shape[name];
    if (!option) throw new Error(`${definition.type}: endpoint option "${name}" is not an option`);
    return { name, required: !option.isOptional() };
  });
}

/** The parts of a zod 4 option schema `formOptionsOf` reads (`_zod.def`, as response guards do). */
interface OptionDef {
  type: string;
  innerType?: { _zod: { def: OptionDef } };
  entries?: Record<string, string | number>;
  defaultValue?: unknown;
}

/**
 * The form options of a built-in type with what a form shows: the enum's values in schema order
 * and its default (undefined when the option has none).
 */
export function formOptionsOf(
  definition: BuiltInDefinition,
): Array<FormOptionDefinition & { values: string[]; default?: string }> {
  const shape = (definition.configSchema as unknown as OptionsShape).shape.options.unwrap()
    .shape as unknown as Record<string, { _zod: { def: OptionDef } } | undefined>;
  return definition.formOptions.map((option) => {
    let def = shape[option.name]?._zod.def;
    let fallback: unknown;
    while (def && (def.type === 'default' || def.type === 'optional')) {
      if (def.type === 'default') fallback = def.defaultValue;
      def = def.innerType?._zod.def;
    }
    if (def?.type !== 'enum' || !def.entries) {
      throw new Error(`${definition.type}: form option "${option.name}" is not an enum option`);
    }
    return {
      ...option,
      values: Object.values(def.entries).map(String),
      ...(typeof fallback === 'string' ? { default: fallback } : {}),
    };
  });
}
