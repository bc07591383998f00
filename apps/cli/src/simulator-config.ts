import type { Simulator } from '@auditrelay/simulator';

/** A config file's `sources` that point at a running simulator (its credentials are fake). */
export function simulatorSources(
  sim: Simulator,
  options: Record<string, Record<string, unknown>> = {},
): Array<Record<string, unknown>> {
  const { koreXo, aiForWork, uipath } = sim.credentials;
  const uipathCredentials = { clientId: uipath.clientId, clientSecret: uipath.clientSecret };
  return [
    {
      id: 'kore-xo',
      type: 'kore-xo-admin-console',
      name: 'Kore.ai XO Admin Console (simulated)',
      baseUrl: sim.baseUrls['kore-xo-admin-console'],
      credentials: { clientId: koreXo.clientId, clientSecret: koreXo.clientSecret },
      options: { ...options['kore-xo'] },
    },
    {
      id: 'kore-ai4w',
      type: 'kore-ai-for-work',
      name: 'Kore.ai AI for Work (simulated)',
      baseUrl: sim.baseUrls['kore-ai-for-work'],
      credentials: { apiKey: aiForWork.apiKey },
      options: { ...options['kore-ai4w'] },
    },
    {
      id: 'uipath-pm',
      type: 'uipath-platform-audit',
      name: 'UiPath Platform Management (simulated)',
      baseUrl: sim.baseUrls['uipath-platform-audit'],
      credentials: uipathCredentials,
      options: {
        organization: uipath.organization,
        partitionGlobalId: uipath.partitionGlobalId,
        ...options['uipath-pm'],
      },
    },
    {
      id: 'uipath-orch',
      type: 'uipath-orchestrator-odata',
      name: 'UiPath Orchestrator (simulated)',
      baseUrl: sim.baseUrls['uipath-orchestrator-odata'],
      credentials: uipathCredentials,
      options: {
        organization: uipath.organization,
        tenant: uipath.tenant,
        ...options['uipath-orch'],
      },
    },
  ];
}
