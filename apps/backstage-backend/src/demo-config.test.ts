// The demo ingests every simulated vendor (the README promises it), so every e2e test that
// iterates the demo's sources covers every source type.
import { VENDORS } from '@auditrelay/simulator';
import { describe, expect, it } from 'vitest';
import { DEMO_SOURCES } from './e2e/backend-process.js';

describe('the demo app-config', () => {
  it('has a source of every simulated vendor, each id once', () => {
    expect(DEMO_SOURCES.map(([, vendor]) => vendor).sort()).toEqual([...VENDORS].sort());
    const ids = DEMO_SOURCES.map(([id]) => id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
