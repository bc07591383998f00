import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, stableHash, useSha256 } from './stable-hash.js';

/** The plain definition: keys sorted at every level, undefined fields left out. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('matches the plain definition for any JSON value, flat or nested', () => {
    const values = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(
        fc.string(),
        fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null)),
      ),
      fc.dictionary(fc.string(), fc.option(fc.jsonValue(), { nil: undefined })),
      // A content id's list of fields: flat, with holes.
      fc.array(
        fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
      ),
    );
    fc.assert(
      fc.property(values, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('does not depend on the order keys arrive in', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}',
    );
    expect(canonicalJson({ b: 'x', a: undefined, c: 2 })).toBe('{"b":"x","c":2}');
  });

  it('sorts keys that an object would reorder or treat specially by their text', () => {
    // Array indices come first in any JS object, in numeric order; the canonical order is text.
    expect(canonicalJson({ b: 1, 10: 'x', 9: 'y', a: 2 })).toBe('{"10":"x","9":"y","a":2,"b":1}');
    // A vendor record may carry a `__proto__` field; it is data, never a prototype.
    const record = JSON.parse('{"z":1,"__proto__":"p","a":true}') as unknown;
    expect(canonicalJson(record)).toBe('{"__proto__":"p","a":true,"z":1}');
  });
});

describe('stableHash', () => {
  it('gives the same digests with the portable and the native SHA-256', () => {
    const record = {
      AuditLogId: 'a1',
      Description: 'Usér — 日本 🎉',
      'Date/Time': '2026-10-01T00:00:00Z',
    };
    // Module default: the pure-JS SHA-256 (what the portable entry and n8n use).
    const portable = stableHash(record, 16);
    // A known SHA-256 of the canonical text pins the digest itself, not only agreement.
    expect(stableHash({}, 64)).toBe(
      '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
    useSha256((text) => createHash('sha256').update(text, 'utf8').digest('hex'));
    expect(stableHash(record, 16)).toBe(portable);
    expect(stableHash({}, 64)).toBe(
      '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
  });
});
