import {
  parseSourceConfig as parsePortable,
  type ParseSourceConfigOptions,
  type SourceConfig,
} from './config/source-config.js';
import { X509Certificate, hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { refuseTransportOptions } from './config/transport-options.js';
import { ValidationError } from './errors/validation-error.js';
import type { Sleep } from './http/abort.js';
import { sleep as timerSleep } from './http/clock.js';
import type { HttpTransport } from './http/transport.js';
import { createUndiciTransport } from './http/undici-transport.js';
import { useSha256 } from './normalize/stable-hash.js';
import { createSourceWithTransport } from './sources/create-source.js';
import type { AuditSource } from './sources/source.js';
import type { SourceDependencies } from './sources/source-context.js';

export interface CreateSourceOptions extends SourceDependencies, ParseSourceConfigOptions {
  transport?: HttpTransport;
  sleep?: Sleep;
}

/** Validates one source config; env references resolve against `process.env` unless given `env`. */
export function parseSourceConfig(
  input: unknown,
  options: ParseSourceConfigOptions = {},
): SourceConfig {
  return parsePortable(input, { ...options, env: options.env ?? process.env });
}

const nativeSha256 = (text: string): string => hash('sha256', text, 'hex');

/** Reads `options.caFile`: a readable PEM file with at least one certificate, or a clear error. */
function readCaFile(path: string, field: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ValidationError([{ path: field, message: `cannot read ${path} (${code})` }], {
      context: 'Invalid source config',
    });
  }
  try {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no certificate');
    new X509Certificate(pem);
  } catch {
    throw new ValidationError(
      [
        {
          path: field,
          message: `${path} is not a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)`,
        },
      ],
      { context: 'Invalid source config' },
    );
  }
  return pem;
}

/**
 * Validates a source config (raw object from a file, app-config or node parameters) and builds the
 * source. Without a transport, one undici pool is created and closed with the source: it honours
 * HTTPS_PROXY/HTTP_PROXY/NO_PROXY and the config's `proxy` and `caFile`.
 */
export function createSource(config: unknown, options: CreateSourceOptions = {}): AuditSource {
  // Content hashes (dedupe keys) through native SHA-256: the same digests as the portable one.
  useSha256(nativeSha256);
  const parsed = parseSourceConfig(config, options);
  const prefix = options.path ? `${options.path}.` : '';
  if (options.transport) {
    refuseTransportOptions(parsed, {
      path: options.path,
      why: 'not applied to a custom transport',
    });
  }
  const transport =
    options.transport ??
    createUndiciTransport({
      headersTimeoutMs: parsed.options.timeoutSeconds * 1000,
      bodyTimeoutMs: parsed.options.timeoutSeconds * 1000,
      proxy: parsed.options.proxy,
      ca: parsed.options.caFile
        ? readCaFile(parsed.options.caFile, `${prefix}options.caFile`)
        : undefined,
      env: options.env ?? process.env,
    });
  return createSourceWithTransport(parsed, {
    ...options,
    transport,
    sleep: options.sleep ?? timerSleep,
    ownsTransport: !options.transport,
  });
}
