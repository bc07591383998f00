// Every vendor's generated dataset, planned from the options' data spans and counts.

import type { Dataset } from './dataset.js';
import {
  DEFAULT_COUNTS,
  DEFAULT_SPANS_MS,
  SIMULATED_VENDORS,
  type ResolvedBehavior,
} from './defaults.js';
import { seedOf } from './random.js';
import type { SimulatorCredentials, SimulatorOptions, SimulatedVendorId } from './types.js';
import { AiForWorkData } from './vendors/ai-for-work.js';
import { KoreXoData } from './vendors/kore-xo.js';
import { OrchestratorData } from './vendors/orchestrator.js';
import { UiPathPlatformData } from './vendors/uipath-platform.js';
import { guidOf } from './vendors/uipath-unified/catalog.js';
import { UiPathUnifiedData } from './vendors/uipath-unified/data.js';

function planFor(options: SimulatorOptions, vendor: SimulatedVendorId, startNow: number) {
  const span = options.data?.[vendor] ?? {};
  const end = Math.floor(span.end ?? startNow);
  const start = Math.floor(span.start ?? end - DEFAULT_SPANS_MS[vendor]);
  const count = span.count ?? DEFAULT_COUNTS[vendor];
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`data.${vendor}.count must be a non-negative integer`);
  if (!(start <= end)) throw new Error(`data.${vendor}: start must not be after end`);
  return { count, start, end };
}

export interface VendorDatasets {
  koreXo: KoreXoData;
  aiForWork: AiForWorkData;
  platform: UiPathPlatformData;
  orchestrator: OrchestratorData;
  unified: UiPathUnifiedData;
  byVendor: Record<SimulatedVendorId, Dataset<unknown>>;
}

/** Builds and fills every vendor's dataset (deterministic for a seed). */
export function createVendorDatasets(
  options: SimulatorOptions,
  setup: {
    seed: string | number;
    startNow: number;
    /** Server clock, for the unified audit API's retention. */
    now: () => number;
    credentials: SimulatorCredentials;
    behavior: ResolvedBehavior;
  },
): VendorDatasets {
  const { seed, startNow, now, credentials, behavior } = setup;
  const plans = Object.fromEntries(
    SIMULATED_VENDORS.map((v) => [v, planFor(options, v, startNow)]),
  ) as Record<SimulatedVendorId, ReturnType<typeof planFor>>;
  const koreXo = new KoreXoData(
    seedOf(seed, 'kore-xo-admin-console'),
    plans['kore-xo-admin-console'].count,
    behavior.koreXo.ids,
  );
  const aiForWork = new AiForWorkData(
    seedOf(seed, 'kore-ai-for-work'),
    plans['kore-ai-for-work'].count,
    behavior.aiForWork.ids,
  );
  const platform = new UiPathPlatformData(seedOf(seed, 'uipath-platform-audit'), {
    capacity: plans['uipath-platform-audit'].count,
    base: plans['uipath-platform-audit'].start,
    organization: credentials.uipath.organization,
  });
  const orchestrator = new OrchestratorData(
    seedOf(seed, 'uipath-orchestrator-odata'),
    plans['uipath-orchestrator-odata'].count,
  );
  const { uipath } = credentials;
  const unified = new UiPathUnifiedData(seedOf(seed, 'uipath-unified-audit'), {
    capacity: plans['uipath-unified-audit'].count,
    base: plans['uipath-unified-audit'].start,
    organization: { id: uipath.partitionGlobalId, name: uipath.organization },
    tenant: { id: guidOf(`tenant/${uipath.tenant}`), name: uipath.tenant },
    now,
    retentionDays: behavior.uipathUnified.retentionDays,
  });
  const byVendor: Record<SimulatedVendorId, Dataset<unknown>> = {
    'kore-xo-admin-console': koreXo,
    'kore-ai-for-work': aiForWork,
    'uipath-platform-audit': platform,
    'uipath-orchestrator-odata': orchestrator,
    'uipath-unified-audit': unified,
  };
  for (const vendor of SIMULATED_VENDORS) byVendor[vendor].generate(plans[vendor]);
  return { koreXo, aiForWork, platform, orchestrator, unified, byVendor };
}
