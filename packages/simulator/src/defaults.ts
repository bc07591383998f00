// Defaults for everything the vendor docs leave open. Each is overridable through SimulatorOptions.

import type {
  EffectiveBehavior,
  RateLimitConfig,
  SimulatorBehavior,
  SimulatorCredentials,
  SimulatorCredentialsInput,
  SimulatedVendorId,
  VendorId,
} from './types.js';

/** The vendors the core has a source type for; every host iterates these. */
export const VENDORS: readonly VendorId[] = [
  'kore-xo-admin-console',
  'kore-ai-for-work',
  'uipath-platform-audit',
  'uipath-orchestrator-odata',
  'uipath-unified-audit',
];

/** Every simulated vendor (VENDORS; kept for callers of the name). */
export const SIMULATED_VENDORS: readonly SimulatedVendorId[] = VENDORS;

export const UIPATH_SCOPES: readonly string[] = [
  'PM.Audit',
  'PM.Audit.Read',
  'OR.Audit',
  'OR.Audit.Read',
];

/** Fake credentials the simulator accepts unless told otherwise. Safe to print. */
export const DEFAULT_CREDENTIALS: SimulatorCredentials = {
  koreXo: {
    clientId: 'cs-7a1d5c3e-2b9f-5e4a-9c6d-8f0e1a2b3c4d',
    clientSecret: 'sim-kore-xo-Hq3v9ZkP2mW8xR5tY7uB4nC6dE1fG0aJ',
  },
  aiForWork: {
    apiKey: 'sim-aiforwork-pk-5f8e2d1c9b7a4e6f8d2c1b0a9e8f7d6c',
    revokedKeys: ['sim-aiforwork-pk-0a1b2c3d4e5f60718293a4b5c6d7e8f9'],
  },
  uipath: {
    clientId: '8d3f6a2e-4b1c-4e9a-a7d5-2c6b9e0f1a3d',
    clientSecret: 'sim-uipath-secret-Vt7#kQ2m!Zp9Lx4s',
    organization: 'acmecorp',
    tenant: 'DefaultTenant',
    partitionGlobalId: '3f2a9c71-6d4e-4b8a-9e15-7c0d2b8f4a61',
    scopes: [...UIPATH_SCOPES],
  },
};

export const DEFAULT_COUNTS: Record<SimulatedVendorId, number> = {
  'kore-xo-admin-console': 2000,
  'kore-ai-for-work': 600,
  'uipath-platform-audit': 1200,
  'uipath-orchestrator-odata': 2000,
  'uipath-unified-audit': 3000,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Default span of pre-generated data: the 30 days before start-up. */
export const DEFAULT_SPAN_MS = 30 * DAY_MS;

/** Per vendor: the unified audit API spans 120 days, so its 90-day retention has work to do. */
export const DEFAULT_SPANS_MS: Record<SimulatedVendorId, number> = {
  'kore-xo-admin-console': DEFAULT_SPAN_MS,
  'kore-ai-for-work': DEFAULT_SPAN_MS,
  'uipath-platform-audit': DEFAULT_SPAN_MS,
  'uipath-orchestrator-odata': DEFAULT_SPAN_MS,
  'uipath-unified-audit': 120 * DAY_MS,
};

/** Kore.ai Admin API budget: 60 per rolling minute and 1800 per rolling hour, per account. */
export const DEFAULT_RATE_LIMITS: Record<SimulatedVendorId, RateLimitConfig | false> = {
  'kore-xo-admin-console': {
    windows: [
      { limit: 60, windowMs: 60_000 },
      { limit: 1800, windowMs: 3_600_000 },
    ],
    retryAfter: 'seconds',
  },
  'kore-ai-for-work': false,
  'uipath-platform-audit': false,
  'uipath-orchestrator-odata': false,
  'uipath-unified-audit': false,
};

export type ResolvedBehavior = EffectiveBehavior;

/** Today's answers to every open question (the documented profile) and the other options. */
export const DEFAULT_BEHAVIOR: ResolvedBehavior = {
  latencyMs: 0,
  koreXo: {
    requireJti: false,
    algorithms: ['HS256'],
    defaultSize: 50,
    maxSize: 100,
    oversize: 'clamp',
    sort: 'time-asc',
    fetchAfter: 'honoured',
    offset: 'page',
    fromDateInclusive: true,
    toDateInclusive: true,
    dateOnlyTo: 'start-of-day',
    invertedRange: 'empty',
    total: 'matching',
    moreAvailable: 'accurate',
    ids: 'arrival',
  },
  aiForWork: {
    order: 'desc',
    hardCap: 1000,
    capKeeps: 'first',
    startInclusive: true,
    endInclusive: true,
    undocumentedPaging: false,
    ids: 'arrival',
  },
  uipath: { tokenTtlSeconds: 3600 },
  uipathPlatform: {
    defaultTop: 10,
    maxTop: 1000,
    oversizeTop: 'clamp',
    sortBy: 'honoured',
    sortOrder: 'honoured',
    defaultSortOrder: 'desc',
    totalCount: 'accurate',
    downloadDefaultSize: 1000,
    csvBom: false,
  },
  orchestrator: {
    defaultTop: 1000,
    maxTop: 1000,
    oversizeTop: 'clamp',
    orderby: 'honoured',
    defaultOrder: 'id-asc',
    filter: 'honoured',
    count: 'accurate',
  },
  uipathUnified: {
    arrayEncoding: 'repeated',
    cursorDirection: 'previous-older',
    minCount: 10,
    maxCount: 200,
    defaultCount: 50,
    fromInclusive: true,
    toInclusive: true,
    newestCursor: 'null',
    retentionDays: 90,
  },
};

export function resolveBehavior(input: SimulatorBehavior = {}): ResolvedBehavior {
  const d = DEFAULT_BEHAVIOR;
  return {
    latencyMs: input.latencyMs ?? d.latencyMs,
    koreXo: { ...d.koreXo, algorithms: [...d.koreXo.algorithms], ...input.koreXo },
    aiForWork: { ...d.aiForWork, ...input.aiForWork },
    uipath: { ...d.uipath, ...input.uipath },
    uipathPlatform: { ...d.uipathPlatform, ...input.uipathPlatform },
    orchestrator: { ...d.orchestrator, ...input.orchestrator },
    uipathUnified: { ...d.uipathUnified, ...input.uipathUnified },
  };
}

export function resolveCredentials(input: SimulatorCredentialsInput = {}): SimulatorCredentials {
  const d = DEFAULT_CREDENTIALS;
  return {
    koreXo: { ...d.koreXo, ...input.koreXo },
    aiForWork: {
      ...d.aiForWork,
      revokedKeys: [...(d.aiForWork.revokedKeys ?? [])],
      ...input.aiForWork,
    },
    uipath: { ...d.uipath, scopes: [...UIPATH_SCOPES], ...input.uipath },
  };
}
