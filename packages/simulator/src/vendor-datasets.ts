// Every vendor's generated dataset, planned from the options' data spans and counts.

import type { Dataset } from './dataset.js';
import { DEFAULT_COUNTS, DEFAULT_SPAN_MS, VENDORS, type ResolvedBehavior } from './defaults.js';
import { seedOf } from './random.js';
import type { SimulatorCredentials, SimulatorOptions, VendorId } from './types.js';
import { AiForWorkData } from './vendors/ai-for-work.js';
import { KoreXoData } from './vendors/kore-xo.js';
import { OrchestratorData } from './vendors/orchestrator.js';
import { UiPathPlatformData } from './vendors/uipath-platform.js';

function planFor(options: SimulatorOptions, vendor: VendorId, startNow: number) {
  const span = options.data?.[vendor] ?? {};
  const end = Math.floor(span.end ?? startNow);
  const start = Math.floor(span.start ?? end - DEFAULT_SPAN_MS);
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
  byVendor: Record<VendorId, Dataset<unknown>>;
}

/** Builds and fills every vendor's dataset (deterministic for a seed). */
export function createVendorDatasets(
  options: SimulatorOptions,
  setup: {
    seed: string | number;
    startNow: number;
    credentials: SimulatorCredentials;
    behavior: ResolvedBehavior;
  },
): VendorDatasets {
  const { seed, startNow, credentials, behavior } = setup;
  const plans = Object.fromEntries(
    VENDORS.map((v) => [v, planFor(options, v, startNow)]),
  ) as Record<VendorId, ReturnType<typeof planFor>>;
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
  const byVendor: Record<VendorId, Dataset<unknown>> = {
    'kore-xo-admin-console': koreXo,
    'kore-ai-for-work': aiForWork,
    'uipath-platform-audit': platform,
    'uipath-orchestrator-odata': orchestrator,
  };
  for (const vendor of VENDORS) byVendor[vendor].generate(plans[vendor]);
  return { koreXo, aiForWork, platform, orchestrator, byVendor };
}
