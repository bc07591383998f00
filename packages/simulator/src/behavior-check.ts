// Validation of behaviour options (and profile files): unknown names and impossible values fail
// with a message naming the option and what it accepts.

import { BEHAVIOR_SWITCHES } from './behavior-switches.js';
import type { BehaviorSwitch, SwitchValue } from './behavior-switches.js';
import type { SimulatorBehavior } from './types.js';

type Check = (value: unknown) => string | undefined;

const positiveInteger = (value: unknown): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1;

function switchCheck(sw: BehaviorSwitch): Check {
  const { domain } = sw;
  if (domain.kind === 'enum') {
    return (value) =>
      domain.values.includes(value as string | boolean)
        ? undefined
        : `must be one of ${domain.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return (value) =>
    positiveInteger(value) || (domain.orFalse === true && value === false)
      ? undefined
      : `must be a positive integer${domain.orFalse === true ? ' or false' : ''}`;
}

/** Options that are not open questions (tenant settings, test knobs): checked, never drawn. */
const OTHER_OPTIONS: Record<string, Record<string, Check>> = {
  koreXo: {
    requireJti: (v) => (typeof v === 'boolean' ? undefined : 'must be a boolean'),
    algorithms: (v) =>
      Array.isArray(v) &&
      v.length > 0 &&
      v.every((a: unknown) => ['HS256', 'HS384', 'HS512'].includes(String(a)))
        ? undefined
        : 'must be a non-empty list of "HS256", "HS384", "HS512"',
  },
  aiForWork: {},
  uipath: {
    tokenTtlSeconds: (v) => (positiveInteger(v) ? undefined : 'must be a positive integer'),
  },
  uipathPlatform: {},
  orchestrator: {},
  uipathUnified: {},
};

const CHECKS: Record<string, Record<string, Check>> = Object.fromEntries(
  Object.entries(OTHER_OPTIONS).map(([section, checks]) => [section, { ...checks }]),
);
for (const sw of BEHAVIOR_SWITCHES) CHECKS[sw.section]![sw.name] = switchCheck(sw);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Returns the behaviour unchanged, or throws naming the first bad option. */
export function checkBehavior(input: unknown, where = 'behavior'): SimulatorBehavior {
  if (!isObject(input)) throw new Error(`${where} must be an object`);
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (key === 'latencyMs') {
      if (typeof value !== 'number' || !(value >= 0))
        throw new Error(`${where}.latencyMs must be a non-negative number`);
      continue;
    }
    const checks = CHECKS[key];
    if (checks === undefined) {
      throw new Error(
        `${where}.${key} is not a behaviour option (known: latencyMs, ${Object.keys(CHECKS).join(', ')})`,
      );
    }
    if (!isObject(value)) throw new Error(`${where}.${key} must be an object`);
    for (const [name, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const check = checks[name];
      if (check === undefined) {
        throw new Error(
          `${where}.${key}.${name} is not a behaviour option (known: ${Object.keys(checks).join(', ')})`,
        );
      }
      const problem = check(v);
      if (problem !== undefined)
        throw new Error(`${where}.${key}.${name} ${problem}, got ${JSON.stringify(v)}`);
    }
  }
  return input;
}

/** A switch value's problem, or undefined when the switch accepts it. */
export function switchValueProblem(sw: BehaviorSwitch, value: SwitchValue): string | undefined {
  return switchCheck(sw)(value);
}
