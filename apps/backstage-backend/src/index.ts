// A real Backstage backend: the default services from @backstage/backend-defaults, the catalog
// (Users and Groups from catalog/org.yaml), sign-in behind a trusted proxy (oauth2-proxy
// headers), the permission framework with the demo policy, and the audit-logs plugin. Config
// comes from `--config` files (see app-config.yaml).
import { createBackend } from '@backstage/backend-defaults';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import { demoPermissionPolicy } from './demo-permission-policy.js';

/** Backstage's plugins are CommonJS: from ESM, the feature is `default` or `default.default`. */
async function feature(loaded: Promise<unknown>): Promise<{ default: BackendFeature }> {
  let value = (await loaded) as Record<string, unknown>;
  while (!('$$type' in value) && 'default' in value)
    value = value.default as Record<string, unknown>;
  return { default: value as unknown as BackendFeature };
}

const backend = createBackend();
backend.add(feature(import('@backstage/plugin-catalog-backend')));
backend.add(feature(import('@backstage/plugin-auth-backend')));
backend.add(feature(import('@backstage/plugin-auth-backend-module-oauth2-proxy-provider')));
backend.add(feature(import('@backstage/plugin-permission-backend')));
backend.add(demoPermissionPolicy);
backend.add(import('@auditrelay/backstage-plugin-audit-logs-backend'));
await backend.start();
