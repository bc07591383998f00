// Ids that do not follow time: a record written late gets a higher id than newer ones. A keyset
// walk (Orchestrator's `Id gt`) that stops at the first record past a sync's window end must not
// leave such a record behind it while the watermark passes its time.
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource } from '../create-source.js';
import type { AuditEvent } from '../models/audit-event.js';
import type { Checkpoint } from '../models/checkpoint.js';
import { sync } from '../sync/sync.js';
import { drainSync, duplicateKeys } from '../testing.js';
import { simulatorSourceConfig } from './simulator-sources.js';

const vendor = 'uipath-orchestrator-odata';
const MINUTE = 60_000;
let sim: Simulator;

beforeAll(async () => {
  // The newest records are inside the last minute, past a sync's end with a minute of lag.
  const now = Date.now();
  sim = await startSimulator({
    seed: 'late-ids',
    data: { [vendor]: { count: 120, start: now - 60 * MINUTE, end: now } },
  });
});
afterAll(() => sim?.close());

describe('a late record with a higher id than one past the window end', () => {
  it('is delivered before the watermark passes its time', async () => {
    const source = createSource(simulatorSourceConfig(sim, vendor, { pageSize: 10 }));
    const options = { lagMs: MINUTE, overlapMs: 5 * MINUTE, startAt: new Date(0).toISOString() };
    const all: AuditEvent[] = [];
    const first = await drainSync(sync(source, undefined, options));
    all.push(...first.events);
    // Written now, dated two minutes ago: higher ids than the records of the last minute.
    sim.append(vendor, 4, { lateByMs: 2 * MINUTE + 10_000 });
    let checkpoint = JSON.parse(JSON.stringify(first.checkpoint)) as Checkpoint;
    const second = await drainSync(sync(source, checkpoint, options));
    all.push(...second.events);
    checkpoint = second.checkpoint!;
    await source.close();

    const watermark = checkpoint.watermark!;
    const owed = sim
      .groundTruthOfSource(vendor, { to: watermark })
      .map((record) => JSON.stringify(record));
    const delivered = new Set(all.map((event) => JSON.stringify(event.raw)));
    expect(owed.filter((record) => !delivered.has(record))).toEqual([]);
    expect(duplicateKeys(all)).toEqual([]);
  });
});
