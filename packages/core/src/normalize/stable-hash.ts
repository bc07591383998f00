import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Hex SHA-256 of a string's UTF-8 bytes. */
export type Sha256Hex = (text: string) => string;

const portableSha256: Sha256Hex = (text) => bytesToHex(sha256(utf8ToBytes(text)));
let sha256Hex: Sha256Hex = portableSha256;

/**
 * Replaces the pure-JS SHA-256 behind `stableHash` with a native one (the Node entry installs
 * `node:crypto`'s). Digests are identical, so dedupe keys do not change; only the speed does.
 */
export function useSha256(implementation: Sha256Hex): void {
  sha256Hex = implementation;
}

/** JSON with object keys sorted at every level: the same record always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    // Without nested objects (a content id's list of fields) the native text is the same.
    let flat = true;
    for (const item of value) {
      if (item !== null && typeof item === 'object') {
        flat = false;
        break;
      }
    }
    if (flat) return JSON.stringify(value);
    let out = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) out += ',';
      out += canonicalJson(value[index]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, the same order as `<` on strings.
  const keys = Object.keys(record).sort();
  let flat = true;
  for (const key of keys) {
    const field = record[key];
    if (field !== null && typeof field === 'object') {
      flat = false;
      break;
    }
  }
  // A flat record (the usual audit record) is serialized natively in the sorted key order: copied
  // into a new object in that order (V8's fast path, a third cheaper than a replacer list), unless
  // a key would not keep its place there (array indices come first in any object; `__proto__`
  // would set the prototype). Both drop undefined fields, as the general path does.
  if (flat) {
    const copy: Record<string, unknown> = {};
    for (const key of keys) {
      const first = key.charCodeAt(0);
      if ((first >= 48 && first <= 57) || key === '__proto__') return JSON.stringify(record, keys);
      copy[key] = record[key];
    }
    return JSON.stringify(copy);
  }
  let out = '{';
  let first = true;
  for (const key of keys) {
    const field = record[key];
    if (field === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(field)}`;
    first = false;
  }
  return `${out}}`;
}

/** A stable content id: hex SHA-256 of the canonical JSON, cut to `length` characters. */
export function stableHash(value: unknown, length = 32): string {
  return sha256Hex(canonicalJson(value)).slice(0, length);
}
