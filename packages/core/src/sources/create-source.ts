import type { SourceConfig } from '../config/source-config.js';
import type { BuiltInDependencies } from './builtin-definition.js';
import { sourceDefinition } from './registry.js';
import type { AuditSource } from './source.js';

/**
 * Builds a source from a validated config with an explicit transport, through its type's
 * definition. The package root's `createSource` adds the undici transport by default.
 */
export function createSourceWithTransport(
  config: SourceConfig,
  dependencies: BuiltInDependencies,
): AuditSource {
  const definition = sourceDefinition(config.type);
  return definition.create(config as never, dependencies);
}
