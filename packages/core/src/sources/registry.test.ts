import { readdirSync, readFileSync } from 'node:fs';
import { startSimulator, simulatorSourceConfig, type Simulator } from '@auditrelay/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSourceConfig, sourceConfigSchema } from '../config/source-config.js';
import { createSource } from '../create-source.js';
import { productOf } from '../mappings/classify.js';
import type { HttpTransport } from '../http/transport.js';
import { fetchEvents } from '../sync/fetch-events.js';
import { SYNC_DEFAULTS } from '../sync/sync-defaults.js';
import { collect } from '../testing.js';
import { createSourceWithTransport } from './create-source.js';
import { defineSource, filterFlag, isSourceDefinition } from './define-source.js';
import {
  SOURCE_DEFINITIONS,
  SOURCE_TYPES,
  endpointOptionsOf,
  formOptionsOf,
  isBuiltInSourceType,
  sourceDefinition,
} from './registry.js';

const HOUR = 3_600_000;
const span = { start: Date.now() - 48 * HOUR, end: Date.now() - 2 * HOUR };
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 'registry',
    data: Object.fromEntries(SOURCE_TYPES.map((type) => [type, { count: 60, ...span }])),
    rateLimits: { 'kore-xo-admin-console': false },
  });
});
afterAll(() => sim?.close());

/** A transport for building sources without a network: any request fails the test. */
const noNetwork: HttpTransport = {
  request: () => Promise.reject(new Error('no request expected while building a source')),
};

describe('the source registry', () => {
  it('knows which endpoint options each schema requires', () => {
    expect(
      Object.fromEntries(SOURCE_DEFINITIONS.map((d) => [d.type, endpointOptionsOf(d)])),
    ).toEqual({
      'kore-xo-admin-console': [],
      'kore-ai-for-work': [],
      'uipath-platform-audit': [
        { name: 'organization', required: true },
        { name: 'tenant', required: false },
        { name: 'partitionGlobalId', required: false },
      ],
      'uipath-orchestrator-odata': [
        { name: 'organization', required: true },
        { name: 'tenant', required: true },
      ],
      'uipath-unified-audit': [
        { name: 'organization', required: true },
        // Only with scope "tenant" (checked by the schema as a whole).
        { name: 'tenant', required: false },
      ],
    });
  });

  it('gives each form option its enum values and default from the schema', () => {
    expect(
      Object.fromEntries(
        SOURCE_DEFINITIONS.map((d) => [
          d.type,
          formOptionsOf(d).map(({ description: _description, ...o }) => o),
        ]),
      ),
    ).toEqual({
      'kore-xo-admin-console': [],
      'kore-ai-for-work': [],
      'uipath-platform-audit': [],
      'uipath-orchestrator-odata': [],
      'uipath-unified-audit': [
        {
          name: 'scope',
          label: 'Scope',
          values: ['organization', 'tenant'],
          default: 'organization',
        },
      ],
    });
    for (const definition of SOURCE_DEFINITIONS)
      for (const option of definition.formOptions) {
        // Chosen in a form, never held in a credential.
        expect(definition.endpointOptions).not.toContain(option.name);
        expect(option.description.length).toBeGreaterThan(0);
      }
    const plain = defineSource({
      type: 'acme-audit',
      description: 'Acme audit log',
      create: () => ({}) as never,
    });
    expect(plain.formOptions).toEqual([]);
  });

  it('derives SOURCE_TYPES and the config union from the definitions', () => {
    const types = SOURCE_DEFINITIONS.map((definition) => definition.type);
    expect(SOURCE_TYPES).toEqual(types);
    expect(new Set(types).size).toBe(types.length);
    expect(sourceConfigSchema.options).toEqual(
      SOURCE_DEFINITIONS.map((definition) => definition.configSchema),
    );
    for (const type of types) {
      expect(isBuiltInSourceType(type)).toBe(true);
      expect(sourceDefinition(type).type).toBe(type);
    }
    expect(isBuiltInSourceType('acme-audit')).toBe(false);
    expect(sourceDefinition('acme-audit')).toBeUndefined();
  });

  describe.each(SOURCE_DEFINITIONS.map((definition) => [definition.type, definition] as const))(
    '%s',
    (type, definition) => {
      it('is a complete definition the hosts can rely on', () => {
        expect(isSourceDefinition(definition)).toBe(true);
        expect(definition.vendor).not.toBe(type);
        expect(definition.product).not.toBe(type);
        expect(definition.displayName.startsWith(definition.vendor)).toBe(true);
        expect(definition.description.length).toBeGreaterThan(10);
        expect(definition.sync).toEqual(SYNC_DEFAULTS);
        expect(productOf(type)).toEqual({ vendor: definition.vendor, product: definition.product });
        for (const filter of definition.filters) expect(filterFlag(filter)).toMatch(/^[a-z-]+$/);
      });

      it("accepts the simulator's config, with the core's sync defaults", () => {
        const config = parseSourceConfig(simulatorSourceConfig(sim, type));
        expect(config.type).toBe(type);
        expect(config.options).toMatchObject({
          lagSeconds: SYNC_DEFAULTS.lagSeconds,
          overlapSeconds: SYNC_DEFAULTS.overlapSeconds,
          initialLookbackHours: SYNC_DEFAULTS.initialLookbackHours,
        });
        // Every required endpoint option is set by the simulator's config.
        for (const { name, required } of endpointOptionsOf(definition))
          if (required) expect(config.options).toHaveProperty(name);
      });

      it('builds a source whose capabilities are the definition’s', async () => {
        const config = parseSourceConfig(simulatorSourceConfig(sim, type));
        const source = createSourceWithTransport(config, {
          transport: noNetwork,
          sleep: () => Promise.resolve(),
        });
        expect(source.type).toBe(type);
        expect({
          download: source.capabilities.download,
          timeSlicing: source.capabilities.timeSlicing,
          persistentCursor: source.capabilities.persistentCursor,
        }).toEqual(definition.capabilities);
        expect([...source.capabilities.filters]).toEqual(
          definition.filters.map((filter) => filter.name),
        );
        await source.close();
      });

      it('normalizes the records its read loop receives as the read loop does', async () => {
        const source = createSource(simulatorSourceConfig(sim, type, { id: 'registry' }));
        const from = new Date(span.start);
        const to = new Date(span.end);
        const events = await collect(fetchEvents(source, { from, to }));
        await source.close();
        expect(events.length).toBeGreaterThan(0);
        const normalize = definition.normalize as (
          record: unknown,
          ref: { type: string; id: string },
        ) => unknown;
        expect(events.map((event) => normalize(event.raw, { type, id: 'registry' }))).toEqual(
          events,
        );
      });
    },
  );
});

describe('defineSource (the extension contract)', () => {
  const create = () => {
    throw new Error('not built in this test');
  };

  it('fills in the core sync defaults once, and keeps what the author set', () => {
    const plain = defineSource({ type: 'acme-audit', description: 'Acme audit', create });
    expect(plain.sync).toEqual(SYNC_DEFAULTS);
    expect(plain).toMatchObject({
      apiVersion: 1,
      kind: 'source',
      displayName: 'acme-audit',
      filters: [],
      capabilities: { download: false, timeSlicing: false, persistentCursor: false },
    });
    const tuned = defineSource({
      type: 'acme-audit',
      vendor: 'Acme',
      product: 'Admin',
      description: 'Acme audit',
      sync: { lagSeconds: 5, startAt: '2026-01-01T00:00:00Z' },
      create,
    });
    expect(tuned.displayName).toBe('Acme Admin');
    expect(tuned.sync).toEqual({
      lagSeconds: 5,
      overlapSeconds: SYNC_DEFAULTS.overlapSeconds,
      initialLookbackHours: SYNC_DEFAULTS.initialLookbackHours,
      startAt: '2026-01-01T00:00:00Z',
    });
    expect(Object.isFrozen(tuned)).toBe(true);
    expect(isSourceDefinition(tuned)).toBe(true);
    expect(isSourceDefinition({ ...tuned, apiVersion: 2 })).toBe(false);
  });
});

describe('vendor folders', () => {
  const root = new URL('./', import.meta.url);
  const vendors = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => readdirSync(new URL(`${name}/`, root)).includes('definition.ts'));

  it('are the registered types', () => {
    expect(vendors.sort()).toEqual([...SOURCE_TYPES].sort());
  });

  it.each(vendors)('%s imports from no other vendor folder', (vendor) => {
    const folder = new URL(`${vendor}/`, root);
    const imports = readdirSync(folder)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        [...readFileSync(new URL(file, folder), 'utf8').matchAll(/from '\.\.\/([^/']+)\//g)].map(
          (match) => `${file} → ${match[1]}`,
        ),
      );
    expect(imports.filter((line) => vendors.some((other) => line.endsWith(`→ ${other}`)))).toEqual(
      [],
    );
  });
});
