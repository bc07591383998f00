import type { Simulator, VendorId } from '@auditrelay/simulator';

/** Source configs that point the core at a running simulator. */
export function simulatorSourceConfig(
  sim: Simulator,
  vendor: VendorId,
  options: Record<string, unknown> = {},
): Record<string, unknown> {
  const { koreXo, aiForWork, uipath } = sim.credentials;
  const base = { id: vendor.replace(/-/g, '_'), type: vendor, baseUrl: sim.baseUrls[vendor] };
  switch (vendor) {
    case 'kore-xo-admin-console':
      return {
        ...base,
        credentials: { clientId: koreXo.clientId, clientSecret: koreXo.clientSecret },
        options,
      };
    case 'kore-ai-for-work':
      return { ...base, credentials: { apiKey: aiForWork.apiKey }, options };
    case 'uipath-platform-audit':
      return {
        ...base,
        credentials: { clientId: uipath.clientId, clientSecret: uipath.clientSecret },
        options: {
          organization: uipath.organization,
          partitionGlobalId: uipath.partitionGlobalId,
          ...options,
        },
      };
    case 'uipath-orchestrator-odata':
      return {
        ...base,
        credentials: { clientId: uipath.clientId, clientSecret: uipath.clientSecret },
        options: { organization: uipath.organization, tenant: uipath.tenant, ...options },
      };
  }
}

export const VENDORS: VendorId[] = [
  'kore-xo-admin-console',
  'kore-ai-for-work',
  'uipath-platform-audit',
  'uipath-orchestrator-odata',
];
