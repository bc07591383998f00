import { VENDORS } from './defaults.js';
import type {
  GroundTruthQuery,
  SimulatedVendorId,
  SimulatorCredentials,
  VendorId,
} from './types.js';

/**
 * A source config as `@auditrelay/core` reads it (`{ id, type, name, baseUrl, credentials,
 * options }`), as plain JSON so the simulator does not depend on the core.
 */
export interface SimulatorSourceConfig {
  id: string;
  /** The core's source type (the simulator's vendor ids are the core's type names). */
  type: SimulatedVendorId;
  name: string;
  baseUrl: string;
  credentials: Record<string, string>;
  options: Record<string, unknown>;
}

/** What to change in one vendor's config; `options` are merged over the simulator's own. */
export interface SimulatorSourceOverrides {
  id?: string;
  name?: string;
  options?: Record<string, unknown>;
}

/** Default source ids (short, as a config file would have them) and display names. */
const DEFAULT_IDS: Record<SimulatedVendorId, { id: string; name: string }> = {
  'kore-xo-admin-console': { id: 'kore-xo', name: 'Kore.ai XO Admin Console (simulated)' },
  'kore-ai-for-work': { id: 'kore-ai4w', name: 'Kore.ai AI for Work (simulated)' },
  'uipath-platform-audit': { id: 'uipath-pm', name: 'UiPath Platform Management (simulated)' },
  'uipath-orchestrator-odata': { id: 'uipath-orch', name: 'UiPath Orchestrator (simulated)' },
  'uipath-unified-audit': { id: 'uipath-unified', name: 'UiPath unified audit logs (simulated)' },
};

/** What the default config of each vendor reads of its ground truth (the unified API: one scope). */
export const SOURCE_TRUTH: Record<SimulatedVendorId, GroundTruthQuery> = {
  'kore-xo-admin-console': {},
  'kore-ai-for-work': {},
  'uipath-platform-audit': {},
  'uipath-orchestrator-odata': {},
  'uipath-unified-audit': { scope: 'organization' },
};

function credentialsAndOptions(
  credentials: SimulatorCredentials,
  vendor: SimulatedVendorId,
): Pick<SimulatorSourceConfig, 'credentials' | 'options'> {
  const { koreXo, aiForWork, uipath } = credentials;
  const externalApp = { clientId: uipath.clientId, clientSecret: uipath.clientSecret };
  switch (vendor) {
    case 'kore-xo-admin-console':
      return {
        credentials: { clientId: koreXo.clientId, clientSecret: koreXo.clientSecret },
        options: {},
      };
    case 'kore-ai-for-work':
      return { credentials: { apiKey: aiForWork.apiKey }, options: {} };
    case 'uipath-platform-audit':
      return {
        credentials: externalApp,
        options: { organization: uipath.organization, partitionGlobalId: uipath.partitionGlobalId },
      };
    case 'uipath-orchestrator-odata':
      return {
        credentials: externalApp,
        options: { organization: uipath.organization, tenant: uipath.tenant },
      };
    case 'uipath-unified-audit':
      return {
        credentials: externalApp,
        options: {
          scope: 'organization',
          organization: uipath.organization,
          tenant: uipath.tenant,
        },
      };
  }
}

/**
 * The source config that points the core (and every host) at one simulated vendor: its URL and
 * the simulator's fake credentials, read at call time (they are mutable).
 */
export function simulatorSourceConfig(
  sim: { baseUrls: Record<SimulatedVendorId, string>; credentials: SimulatorCredentials },
  vendor: SimulatedVendorId,
  overrides: SimulatorSourceOverrides = {},
): SimulatorSourceConfig {
  const { credentials, options } = credentialsAndOptions(sim.credentials, vendor);
  return {
    id: overrides.id ?? DEFAULT_IDS[vendor].id,
    type: vendor,
    name: overrides.name ?? DEFAULT_IDS[vendor].name,
    baseUrl: sim.baseUrls[vendor],
    credentials,
    options: { ...options, ...overrides.options },
  };
}

/** One source config per vendor (`VENDORS` order); overrides by vendor id. */
export function simulatorSourceConfigs(
  sim: { baseUrls: Record<SimulatedVendorId, string>; credentials: SimulatorCredentials },
  overrides: Partial<Record<VendorId, SimulatorSourceOverrides>> = {},
): SimulatorSourceConfig[] {
  return VENDORS.map((vendor) => simulatorSourceConfig(sim, vendor, overrides[vendor]));
}

/** `uipath-pm` + `partitionGlobalId` → `UIPATH_PM_PARTITION_GLOBAL_ID`. */
function envName(id: string, field: string): string {
  const snake = (text: string) =>
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .toUpperCase();
  return `${snake(id)}_${snake(field)}`;
}

/**
 * The same configs as environment variables, for configs that substitute them (Backstage's
 * `${NAME}`, the CLI's `env:NAME`): `<ID>_BASE_URL` and `<ID>_<FIELD>` for every credential and
 * option, e.g. `KORE_XO_CLIENT_SECRET`, `UIPATH_ORCH_TENANT`.
 */
export function simulatorSourceEnv(sim: {
  baseUrls: Record<SimulatedVendorId, string>;
  credentials: SimulatorCredentials;
}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const config of simulatorSourceConfigs(sim)) {
    env[envName(config.id, 'baseUrl')] = config.baseUrl;
    for (const [field, value] of Object.entries({ ...config.credentials, ...config.options }))
      env[envName(config.id, field)] = String(value);
  }
  return env;
}
