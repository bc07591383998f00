// Behaviour profiles: the documented one, random ones drawn from a seed, their one-line text, and
// the merge of a profile under explicit `behavior` options.

import { checkBehavior, switchValueProblem } from './behavior-check.js';
import { BEHAVIOR_SWITCHES } from './behavior-switches.js';
import type { BehaviorSwitch, SwitchValue } from './behavior-switches.js';
import { Rng, hashString, mix } from './random.js';
import type { ProfileOption, SimulatorBehavior } from './types.js';

type Sections = Record<string, Record<string, unknown>>;

function setSwitch(target: Sections, sw: BehaviorSwitch, value: SwitchValue): void {
  (target[sw.section] ??= {})[sw.name] = value;
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (typeof inner === 'object') deepFreeze(inner);
  return Object.freeze(value);
}

/** Every switch at today's (documented or inferred) behaviour. */
export const DOCUMENTED_PROFILE: SimulatorBehavior = deepFreeze(
  BEHAVIOR_SWITCHES.reduce<Sections>((out, sw) => {
    setSwitch(out, sw, sw.default);
    return out;
  }, {}) as SimulatorBehavior,
);

function drawValue(sw: BehaviorSwitch, rng: Rng): SwitchValue {
  const { domain } = sw;
  if (domain.kind === 'enum') return rng.pick(domain.values);
  if (domain.orFalse === true && rng.chance(0.2)) return false;
  // Mostly log-uniform (small caps stress readers most), sometimes the documented value.
  if (typeof sw.default === 'number' && rng.chance(0.15)) return sw.default;
  const { min, max } = domain;
  const drawn = Math.floor(Math.exp(Math.log(min) + rng.next() * Math.log((max + 1) / min)));
  return Math.min(max, Math.max(min, drawn));
}

/** Every switch drawn at random, deterministically per seed (each switch from its own stream). */
export function drawProfile(seed: number | string): SimulatorBehavior {
  const base = hashString(`profile|${String(seed)}`);
  const out: Sections = {};
  const rng = new Rng(0);
  for (const sw of BEHAVIOR_SWITCHES) {
    setSwitch(out, sw, drawValue(sw, rng.reseed(mix(base, hashString(sw.id)))));
  }
  return out;
}

function valueOf(behavior: SimulatorBehavior, sw: BehaviorSwitch): SwitchValue {
  const section = (behavior as Sections)[sw.section];
  const value = section?.[sw.name];
  return value === undefined ? sw.default : (value as SwitchValue);
}

/** The switches of `behavior` that differ from the documented profile, as a behaviour object. */
export function nonDefaultSwitches(behavior: SimulatorBehavior): SimulatorBehavior {
  const out: Sections = {};
  for (const sw of BEHAVIOR_SWITCHES) {
    const value = valueOf(behavior, sw);
    if (value !== sw.default) setSwitch(out, sw, value);
  }
  return out;
}

/** One line naming the non-default switches ("documented" when none), for failure messages. */
export function describeProfile(behavior: SimulatorBehavior): string {
  const parts: string[] = [];
  for (const sw of BEHAVIOR_SWITCHES) {
    const value = valueOf(behavior, sw);
    if (value !== sw.default) parts.push(`${sw.id}=${String(value)}`);
  }
  return parts.length === 0 ? 'documented' : parts.join(' ');
}

/** A behaviour from switch values keyed by switch id ('koreXo.sort': 'time-desc', …). */
export function behaviorFromSwitchValues(values: Record<string, SwitchValue>): SimulatorBehavior {
  const out: Sections = {};
  for (const [id, value] of Object.entries(values)) {
    const sw = BEHAVIOR_SWITCHES.find((s) => s.id === id);
    if (sw === undefined) throw new Error(`unknown behaviour switch ${JSON.stringify(id)}`);
    const problem = switchValueProblem(sw, value);
    if (problem !== undefined) throw new Error(`${id} ${problem}, got ${JSON.stringify(value)}`);
    setSwitch(out, sw, value);
  }
  return out;
}

function profileBehavior(profile: ProfileOption | undefined): SimulatorBehavior {
  if (profile === undefined || profile === 'documented') return DOCUMENTED_PROFILE;
  if (typeof profile === 'object' && profile !== null && 'seed' in profile) {
    const { seed } = profile as { seed: unknown };
    if (typeof seed !== 'number' && typeof seed !== 'string')
      throw new Error('profile.seed must be a number or a string');
    return drawProfile(seed);
  }
  if (typeof profile !== 'object' || profile === null) {
    const got: unknown = profile;
    throw new Error(
      `profile must be 'documented', { seed } or a behaviour object, got ${JSON.stringify(got)}`,
    );
  }
  return checkBehavior(profile, 'profile');
}

/** The profile with explicit `behavior` options merged over it, section by section; validated. */
export function mergeProfile(
  profile: ProfileOption | undefined,
  behavior: SimulatorBehavior | undefined,
): SimulatorBehavior {
  const base = profileBehavior(profile) as Sections;
  const over = checkBehavior(behavior ?? {}) as Sections;
  const out: Sections = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(over)])) {
    const a = base[key];
    const b = over[key];
    if (typeof a !== 'object' && typeof b !== 'object') {
      (out as Record<string, unknown>)[key] = b ?? a;
      continue;
    }
    const defined = Object.entries(b ?? {}).filter(([, v]) => v !== undefined);
    out[key] = { ...a, ...Object.fromEntries(defined) };
  }
  return out;
}
