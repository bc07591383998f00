// The dev harness's browser side: the plugin's Audit Logs page with the APIs a Backstage app would
// provide. discoveryApi points at this server's /api/<pluginId>, which proxies to the real
// backend and adds the token there; fetchApi is the browser's fetch (same origin).
import {
  AuditLogsClient,
  AuditLogsPage,
  auditLogsApiRef,
} from '@auditrelay/backstage-plugin-audit-logs';
import {
  discoveryApiRef,
  fetchApiRef,
  type ApiHolder,
  type ApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/frontend-plugin-api';
import { createVersionedContext, createVersionedValueMap } from '@backstage/version-bridge';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const discoveryApi: DiscoveryApi = {
  getBaseUrl: (pluginId) => Promise.resolve(`${window.location.origin}/api/${pluginId}`),
};
const fetchApi: FetchApi = { fetch: (input, init) => window.fetch(input, init) };
const apis = new Map<string, unknown>([
  [discoveryApiRef.id, discoveryApi],
  [fetchApiRef.id, fetchApi],
  [auditLogsApiRef.id, new AuditLogsClient({ discoveryApi, fetchApi })],
]);
const holder: ApiHolder = { get: <T,>(ref: ApiRef<T>) => apis.get(ref.id) as T | undefined };
// The same context Backstage's ApiProvider fills, so useApi() in the plugin finds these.
const ApiContext = createVersionedContext<{ 1: ApiHolder }>('api-context');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiContext.Provider value={createVersionedValueMap({ 1: holder })}>
      <AuditLogsPage />
    </ApiContext.Provider>
  </StrictMode>,
);
