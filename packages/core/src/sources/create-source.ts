import type { SourceConfig } from '../config/source-config.js';
import type { Sleep } from '../http/abort.js';
import type { HttpTransport } from '../http/transport.js';
import type { AuditSource } from './source.js';
import type { SourceDependencies } from './source-context.js';
import { createKoreXoAdminConsoleSource } from './kore-xo-admin-console/source.js';
import { createKoreAiForWorkSource } from './kore-ai-for-work/source.js';
import { createUipathPlatformAuditSource } from './uipath-platform-audit/source.js';
import { createUipathOrchestratorSource } from './uipath-orchestrator-odata/source.js';

/**
 * Builds a source from a validated config with an explicit transport. The package root's
 * `createSource` adds the undici transport by default.
 */
export function createSourceWithTransport(
  config: SourceConfig,
  dependencies: SourceDependencies & { transport: HttpTransport; sleep: Sleep },
): AuditSource {
  switch (config.type) {
    case 'kore-xo-admin-console':
      return createKoreXoAdminConsoleSource(config, dependencies);
    case 'kore-ai-for-work':
      return createKoreAiForWorkSource(config, dependencies);
    case 'uipath-platform-audit':
      return createUipathPlatformAuditSource(config, dependencies);
    case 'uipath-orchestrator-odata':
      return createUipathOrchestratorSource(config, dependencies);
  }
}
