import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toActivity } from './activity.js';

describe('toActivity', () => {
  it('maps vendor verbs, camel case included, and falls back to the next hint', () => {
    expect(toActivity('Create')).toBe('create');
    expect(toActivity('RemoveMember')).toBe('delete');
    expect(toActivity('UserLoggedIn')).toBe('login');
    expect(toActivity(undefined, 'Post')).toBe('other');
    expect(toActivity('Frobnicate', 'Delete')).toBe('delete');
    expect(toActivity('', undefined)).toBe('other');
  });

  it('answers a hint the same the first time, when remembered, and after the memory was cleared', () => {
    const words = fc.constantFrom('create', 'Delete', 'logIn', 'sign out', 'View', 'toggle', 'x');
    const hint = fc.oneof(
      fc.string(),
      words,
      fc.tuple(words, fc.string()).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(fc.array(hint, { minLength: 1, maxLength: 3 }), (hints) => {
        const first = toActivity(...hints);
        expect(toActivity(...hints)).toBe(first);
        // Thousands of distinct hints (free text) overflow the memory and clear it.
        for (let i = 0; i < 2100; i++) toActivity(`message ${i} ${hints[0]}`);
        expect(toActivity(...hints)).toBe(first);
      }),
      { numRuns: 50 },
    );
  });
});
