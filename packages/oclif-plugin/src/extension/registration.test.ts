import { defineSource } from '@auditrelay/core';
import { describe, expect, it } from 'vitest';
import { isAuditSourceLike, validateRegistrations } from './registration.js';

const reserved = { sources: ['kore-ai-for-work'], formats: ['ndjson'] };
const source = {
  apiVersion: 1,
  kind: 'source',
  type: 'acme-audit',
  description: 'Acme',
  create: () => undefined,
};
const format = {
  apiVersion: 1,
  kind: 'format',
  id: 'splunk-hec',
  description: 'HEC',
  create: () => undefined,
};

describe('validateRegistrations', () => {
  it('accepts plain-object registrations from any plugin (no instanceof)', () => {
    const result = validateRegistrations(
      [
        { plugin: 'p1', result: [source, format] },
        { plugin: 'p2', result: undefined },
      ],
      reserved,
    );
    expect([...result.sources.keys()]).toEqual(['acme-audit']);
    expect([...result.formats.keys()]).toEqual(['splunk-hec']);
    expect(result.sources.get('acme-audit')!.plugin).toBe('p1');
    expect(result.warnings).toEqual([]);
  });

  it('refuses unknown api versions, bad shapes and taken names, with a warning naming the plugin', () => {
    const result = validateRegistrations(
      [
        { plugin: 'future', result: { ...source, apiVersion: 2 } },
        { plugin: 'sloppy', result: { ...source, type: 'Bad Type', create: 'nope' } },
        {
          plugin: 'greedy',
          result: [
            { ...source, type: 'kore-ai-for-work' },
            { ...format, id: 'ndjson' },
          ],
        },
        { plugin: 'twice', result: [source, source] },
      ],
      reserved,
    );
    expect(result.sources.size).toBe(1);
    expect(result.warnings).toEqual([
      'Ignored a registration from future: apiVersion 2 is not supported (this plugin speaks 1).',
      expect.stringMatching(
        /^Ignored a registration from sloppy: type: .*create: expected a function\.$/,
      ),
      'Ignored source type "kore-ai-for-work" from greedy: the type is already taken.',
      'Ignored format "ndjson" from greedy: the format is already taken.',
      'Ignored source type "acme-audit" from twice: the type is already taken.',
    ]);
  });

  it("accepts the core's defineSource definitions and checks their sync settings", () => {
    const defined = defineSource({
      type: 'acme-audit',
      description: 'Acme',
      sync: { lagSeconds: 5 },
      create: () => undefined as never,
    });
    const result = validateRegistrations(
      [
        { plugin: 'p1', result: defined },
        { plugin: 'p2', result: { ...source, type: 'acme-bad', sync: { lagSeconds: -1 } } },
      ],
      reserved,
    );
    expect(result.sources.get('acme-audit')).toMatchObject({
      plugin: 'p1',
      sync: { lagSeconds: 5, overlapSeconds: 300 },
    });
    expect(result.warnings).toEqual([
      expect.stringMatching(/^Ignored a registration from p2: sync\.lagSeconds: /),
    ]);
  });

  it('recognizes a source by its shape', () => {
    const shaped = {
      id: 'a',
      type: 't',
      capabilities: {},
      read: () => undefined,
      check: () => undefined,
      close: () => undefined,
    };
    expect(isAuditSourceLike(shaped)).toBe(true);
    expect(isAuditSourceLike({ ...shaped, read: undefined })).toBe(false);
  });
});
