// The Backstage plugin covers every source type of the core's registry (its config schema docs
// point to the registry's listing and cover each type's credentials; its hints name every type),
// and module types get the same sync contract and defaults as built-in ones.
import { readFileSync } from 'node:fs';
import {
  SOURCE_DEFINITIONS,
  SYNC_DEFAULTS,
  defineSource,
  type AuditSource,
  type ReadRequest,
} from '@auditrelay/core';
import type { AuditLogSourceType } from '@auditrelay/backstage-plugin-audit-logs-node';
import { ConfigReader } from '@backstage/config';
import { describe, expect, it } from 'vitest';
import { readAuditLogsConfig } from './read-config.js';

/** A module's source that remembers the window of its read (and has no events). */
function recordingSource(reads: ReadRequest[]): AuditSource {
  return {
    id: 'acme',
    type: 'acme-audit',
    name: 'Acme',
    capabilities: { timeSlicing: false, persistentCursor: false, filters: [], download: false },
    async *read(request) {
      reads.push(request);
      yield await Promise.resolve({ events: [] });
    },
    check: () => Promise.resolve({ ok: true, message: 'ok' }),
    close: () => Promise.resolve(),
  };
}

/** How far behind now the first sync run of a module's source reads, in seconds. */
async function lagOf(type: AuditLogSourceType, reads: ReadRequest[]): Promise<number> {
  const { sources } = readAuditLogsConfig(
    new ConfigReader({ auditLogs: { sources: [{ id: 'acme', type: 'acme-audit' }] } }),
    new Map([['acme-audit', type]]),
  );
  const started = Date.now();
  const run = sources[0]!.sync(undefined, new AbortController().signal);
  try {
    for await (const batch of run) void batch;
  } catch {
    // A source without a proof of completeness may end the run with an error; the window is read.
  }
  expect(reads.length).toBeGreaterThan(0);
  return Math.round((started - reads[0]!.end.getTime()) / 1000);
}

describe('the Backstage plugin covers every registered source type', () => {
  it('documents the types in config.d.ts by where they are listed, never one by one', () => {
    const schema = readFileSync(new URL('../../config.d.ts', import.meta.url), 'utf8');
    // A list there would go stale with the next source type; the registry's own listing does not.
    expect(schema).toContain('auditrelay auditlogs sources --types');
    for (const { type } of SOURCE_DEFINITIONS) expect(schema).not.toContain(type);
  });

  it("documents each type's credentials in config.d.ts", () => {
    const schema = readFileSync(new URL('../../config.d.ts', import.meta.url), 'utf8');
    for (const { configSchema } of SOURCE_DEFINITIONS)
      for (const key of Object.keys(configSchema.shape.credentials.shape))
        expect(schema).toContain(`        ${key}?: string | { env: string };`);
  });

  it('names every type when a config uses an unknown one', () => {
    expect(() =>
      readAuditLogsConfig(
        new ConfigReader({ auditLogs: { sources: [{ id: 'x', type: 'acme-audit' }] } }),
      ),
    ).toThrow(
      new RegExp(SOURCE_DEFINITIONS.map(({ type }) => type.replace(/-/g, '\\-')).join(', ')),
    );
  });
});

describe('module source types', () => {
  it("sync with the core's defaults when they set none", async () => {
    const reads: ReadRequest[] = [];
    const factory: AuditLogSourceType = {
      type: 'acme-audit',
      create: () => ({ source: recordingSource(reads) }),
    };
    expect(await lagOf(factory, reads)).toBe(SYNC_DEFAULTS.lagSeconds);
  });

  it('may be a defineSource definition, with its own sync settings', async () => {
    const reads: ReadRequest[] = [];
    const contexts: unknown[] = [];
    const definition = defineSource({
      type: 'acme-audit',
      description: 'Acme audit',
      sync: { lagSeconds: 7 },
      create: (_config: unknown, context) => {
        contexts.push(context);
        return recordingSource(reads);
      },
    });
    expect(await lagOf(definition, reads)).toBe(7);
    expect(contexts).toEqual([expect.objectContaining({ path: 'auditLogs.sources[0]' })]);
  });
});
