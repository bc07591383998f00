import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNC_DEFAULTS, defineSource, type AuditSource } from '@auditrelay/core';
import { describe, expect, it } from 'vitest';
import type { SourceRegistration } from '../extension/registration.js';
import { loadSources } from './load-sources.js';

const dir = mkdtempSync(join(tmpdir(), 'auditrelay-load-'));

function fakeSource(config: { id: string; type: string }): AuditSource {
  return {
    id: config.id,
    type: config.type,
    name: config.id,
    capabilities: { timeSlicing: false, persistentCursor: false, filters: [], download: false },
    read: async function* () {},
    check: () => Promise.resolve({ ok: true, message: 'ok' }),
    close: () => Promise.resolve(),
  };
}

async function load(registration: SourceRegistration) {
  const { sources } = await loadSources({
    sourceFlags: ['id=ext,type=acme-audit'],
    env: { XDG_CONFIG_HOME: dir },
    cwd: dir,
    extensionSources: () =>
      Promise.resolve(new Map([[registration.type, { ...registration, plugin: 'acme' }]])),
  });
  return sources[0]!.options;
}

describe('extension sources', () => {
  it('sync with the core defaults, as built-in sources do', async () => {
    const handWritten: SourceRegistration = {
      apiVersion: 1,
      kind: 'source',
      type: 'acme-audit',
      description: 'Acme',
      create: (config) => fakeSource(config),
    };
    expect(await load(handWritten)).toEqual(SYNC_DEFAULTS);
  });

  it('keep the sync settings of a defineSource definition', async () => {
    const defined = defineSource({
      type: 'acme-audit',
      description: 'Acme',
      sync: { lagSeconds: 5 },
      create: (config: { id: string; type: string }) => fakeSource(config),
    });
    expect(await load(defined)).toEqual({ ...SYNC_DEFAULTS, lagSeconds: 5 });
  });
});
