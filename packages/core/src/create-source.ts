import type { ParseSourceConfigOptions } from './config/source-config.js';
import { createUndiciTransport } from './http/undici-transport.js';
import { createSourceWithTransport } from './sources/create-source.js';
import type { AuditSource } from './sources/source.js';
import type { SourceDependencies } from './sources/source-context.js';
import { parseSourceConfig } from './config/source-config.js';

export interface CreateSourceOptions extends SourceDependencies, ParseSourceConfigOptions {}

/**
 * Validates a source config (raw object from a file, app-config or node parameters) and builds the
 * source. Without a transport, one undici pool is created and closed with the source.
 */
export function createSource(config: unknown, options: CreateSourceOptions = {}): AuditSource {
  const parsed = parseSourceConfig(config, options);
  const transport =
    options.transport ??
    createUndiciTransport({
      headersTimeoutMs: parsed.options.timeoutSeconds * 1000,
      bodyTimeoutMs: parsed.options.timeoutSeconds * 1000,
    });
  return createSourceWithTransport(parsed, {
    ...options,
    transport,
    ownsTransport: !options.transport,
  });
}
