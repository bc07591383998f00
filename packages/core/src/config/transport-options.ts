import { ValidationError, type FieldIssue } from '../errors/validation-error.js';
import type { SourceConfig } from './source-config.js';

/**
 * `proxy` and `caFile` configure the Node entry's default transport. Where the host brings its
 * own transport (the portable entry, n8n, a custom transport), they would be silently ignored —
 * traffic bypassing a proxy the user asked for — so they are refused with the reason instead.
 */
export function refuseTransportOptions(
  config: SourceConfig,
  options: { path?: string; why: string },
): void {
  const prefix = options.path ? `${options.path}.` : '';
  const issues: FieldIssue[] = [];
  if (config.options.proxy !== undefined) {
    issues.push({
      path: `${prefix}options.proxy`,
      message: `${options.why}: configure the proxy in the host's HTTP client`,
    });
  }
  if (config.options.caFile !== undefined) {
    issues.push({
      path: `${prefix}options.caFile`,
      message: `${options.why}: make the host's HTTP client trust the CA`,
    });
  }
  if (issues.length > 0) throw new ValidationError(issues, { context: 'Invalid source config' });
}
