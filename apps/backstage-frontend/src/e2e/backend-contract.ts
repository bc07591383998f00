// What the audit-logs backend under test declares in its OpenAPI document (shipped in the
// package, and tested there to match the routes it serves). The browser test asserts the full
// behaviour of what the backend declares, and the page's clear error states for what it lacks.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

interface Spec {
  paths: Record<string, unknown>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}

const PACKAGE_DIR = dirname(
  createRequire(import.meta.url).resolve(
    '@auditrelay/backstage-plugin-audit-logs-backend/package.json',
  ),
);
const spec = parse(readFileSync(join(PACKAGE_DIR, 'openapi.yaml'), 'utf8')) as Spec;

/** `GET /stats` and `GET /facets` (issue 18, item 2). */
export const SERVES_STATS_AND_FACETS = '/stats' in spec.paths && '/facets' in spec.paths;

/** Events carry `actorEntityRef` and take `user`/`group` filters (issue 18, item 5). */
export const RESOLVES_CATALOG_ACTORS = Boolean(
  spec.components?.schemas?.EventSummary?.properties?.actorEntityRef,
);
