import { describe, expect, it } from 'vitest';
import { BEHAVIOR_SWITCHES } from './behavior-switches.js';
import type { SwitchValue } from './behavior-switches.js';
import { DEFAULT_BEHAVIOR } from './defaults.js';
import {
  DOCUMENTED_PROFILE,
  behaviorFromSwitchValues,
  describeProfile,
  drawProfile,
  mergeProfile,
  nonDefaultSwitches,
} from './profiles.js';
import { startSimulator } from './simulator.js';
import { smallData } from './testing/helpers.js';
import type { SimulatorBehavior } from './types.js';

const valueIn = (behavior: SimulatorBehavior, id: string): unknown => {
  const [section, name] = id.split('.') as [string, string];
  return (behavior as Record<string, Record<string, unknown> | undefined>)[section]?.[name];
};

describe('behaviour switches', () => {
  it('each has a unique id, a doc sentence citing vendors.md, and a default that is today’s', () => {
    const ids = BEHAVIOR_SWITCHES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const sw of BEHAVIOR_SWITCHES) {
      expect(sw.doc).toMatch(/^§\d/);
      expect(valueIn(DEFAULT_BEHAVIOR as SimulatorBehavior, sw.id)).toBe(sw.default);
      if (sw.domain.kind === 'enum') expect(sw.domain.values).toContain(sw.default);
      else expect(sw.default).toBeGreaterThanOrEqual(1);
    }
  });

  it('DOCUMENTED_PROFILE holds every switch at its default, frozen', () => {
    for (const sw of BEHAVIOR_SWITCHES) expect(valueIn(DOCUMENTED_PROFILE, sw.id)).toBe(sw.default);
    expect(Object.isFrozen(DOCUMENTED_PROFILE.koreXo)).toBe(true);
    expect(describeProfile(DOCUMENTED_PROFILE)).toBe('documented');
    expect(describeProfile({})).toBe('documented');
    expect(nonDefaultSwitches(DOCUMENTED_PROFILE)).toEqual({});
  });
});

describe('drawProfile', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(drawProfile(42)).toEqual(drawProfile(42));
    expect(drawProfile('abc')).toEqual(drawProfile('abc'));
    expect(drawProfile(1)).not.toEqual(drawProfile(2));
  });

  it('over many seeds draws every value of every switch, integers across their whole range', () => {
    const seen = new Map<string, SwitchValue[]>();
    for (let seed = 0; seed < 600; seed++) {
      const profile = drawProfile(seed);
      for (const sw of BEHAVIOR_SWITCHES) {
        const value = valueIn(profile, sw.id) as SwitchValue;
        expect(value, `${sw.id} drawn for seed ${seed}`).not.toBeUndefined();
        seen.set(sw.id, [...(seen.get(sw.id) ?? []), value]);
      }
    }
    for (const sw of BEHAVIOR_SWITCHES) {
      const values = seen.get(sw.id)!;
      const { domain } = sw;
      if (domain.kind === 'enum') {
        expect(new Set(values), sw.id).toEqual(new Set(domain.values));
        continue;
      }
      const numbers = values.filter((v): v is number => typeof v === 'number');
      for (const n of numbers) {
        expect(Number.isInteger(n) && n >= domain.min && n <= domain.max, `${sw.id}=${n}`).toBe(
          true,
        );
      }
      expect(values.includes(false), sw.id).toBe(domain.orFalse === true);
      const span = domain.max - domain.min;
      expect(Math.min(...numbers), sw.id).toBeLessThanOrEqual(domain.min + span * 0.05);
      expect(Math.max(...numbers), sw.id).toBeGreaterThanOrEqual(domain.max - span * 0.1);
      // Arbitrary numbers, not a few round ones.
      expect(new Set(numbers).size, sw.id).toBeGreaterThan(Math.min(60, span / 2));
      expect(
        numbers.some((n) => n % 10 !== 0),
        sw.id,
      ).toBe(true);
    }
  });

  it('describeProfile names exactly the non-default switches, on one line', () => {
    const profile = drawProfile(7);
    const text = describeProfile(profile);
    expect(text).not.toMatch(/\n/);
    const changed = BEHAVIOR_SWITCHES.filter((sw) => valueIn(profile, sw.id) !== sw.default);
    expect(text.split(' ')).toEqual(
      changed.map((sw) => `${sw.id}=${String(valueIn(profile, sw.id))}`),
    );
    expect(describeProfile({ koreXo: { sort: 'time-desc', maxSize: 37 } })).toBe(
      'koreXo.maxSize=37 koreXo.sort=time-desc',
    );
    expect(nonDefaultSwitches({ koreXo: { sort: 'time-asc', maxSize: 37 }, latencyMs: 5 })).toEqual(
      {
        koreXo: { maxSize: 37 },
      },
    );
  });
});

describe('behaviorFromSwitchValues and validation', () => {
  it('builds a behaviour from switch ids, rejecting unknown ids and bad values', () => {
    expect(
      behaviorFromSwitchValues({ 'koreXo.sort': 'id-desc', 'aiForWork.hardCap': false }),
    ).toEqual({ koreXo: { sort: 'id-desc' }, aiForWork: { hardCap: false } });
    expect(() => behaviorFromSwitchValues({ 'koreXo.nope': 1 })).toThrow(
      /unknown behaviour switch/,
    );
    expect(() => behaviorFromSwitchValues({ 'koreXo.maxSize': 0 })).toThrow(
      /koreXo.maxSize must be a positive integer, got 0/,
    );
    expect(() => behaviorFromSwitchValues({ 'koreXo.maxSize': false })).toThrow(/positive integer/);
  });

  it('merges explicit behavior over the profile, section by section', () => {
    const merged = mergeProfile({ seed: 3 }, { koreXo: { maxSize: 37 }, latencyMs: 2 });
    const drawn = drawProfile(3);
    expect(merged.koreXo).toEqual({ ...drawn.koreXo, maxSize: 37 });
    expect(merged.orchestrator).toEqual(drawn.orchestrator);
    expect(merged.latencyMs).toBe(2);
    expect(mergeProfile('documented', undefined)).toEqual(DOCUMENTED_PROFILE);
    expect(
      mergeProfile({ koreXo: { sort: 'id-asc' } }, { koreXo: { sort: undefined } }).koreXo,
    ).toEqual({
      sort: 'id-asc',
    });
  });

  it.each([
    [
      { behavior: { koreXo: { sort: 'sideways' } } },
      /behavior.koreXo.sort must be one of "time-asc"/,
    ],
    [
      { behavior: { koreXo: { maxSize: 2.5 } } },
      /behavior.koreXo.maxSize must be a positive integer/,
    ],
    [
      { behavior: { orchestrator: { top: 5 } } },
      /behavior.orchestrator.top is not a behaviour option \(known: .*maxTop/,
    ],
    [{ behavior: { kore: {} } }, /behavior.kore is not a behaviour option/],
    [{ profile: 'random' }, /profile must be 'documented', \{ seed \} or a behaviour object/],
    [{ profile: { seed: null } }, /profile.seed must be a number or a string/],
    [{ profile: { aiForWork: { capKeeps: 'all' } } }, /profile.aiForWork.capKeeps must be one of/],
  ])('startSimulator rejects %j with a clear error', async (options, message) => {
    await expect(startSimulator({ data: smallData(1), ...(options as object) })).rejects.toThrow(
      message,
    );
  });

  it('the simulator reports its effective behaviour: profile under behavior, every option filled', async () => {
    await using sim = await startSimulator({
      data: smallData(5),
      profile: { seed: 11 },
      behavior: { orchestrator: { maxTop: 333 } },
    });
    const drawn = drawProfile(11);
    expect(sim.behavior.koreXo).toEqual({ ...DEFAULT_BEHAVIOR.koreXo, ...drawn.koreXo });
    expect(sim.behavior.orchestrator).toEqual({ ...drawn.orchestrator, maxTop: 333 });
    expect(sim.behavior.latencyMs).toBe(0);
    expect(describeProfile(sim.behavior)).toBe(
      describeProfile(mergeProfile({ seed: 11 }, { orchestrator: { maxTop: 333 } })),
    );
  });
});
