/** The vendor audit APIs the simulator imitates; the core has a source type of the same name for each. */
export type VendorId =
  | 'kore-xo-admin-console'
  | 'kore-ai-for-work'
  | 'uipath-platform-audit'
  | 'uipath-orchestrator-odata'
  | 'uipath-unified-audit';

/** Every vendor API the simulator imitates (the same as VendorId since the core reads them all). */
export type SimulatedVendorId = VendorId;

/** Which kind of endpoint a request hit. */
export type RouteKind = 'data' | 'token' | 'details' | 'download' | 'metadata';

export interface SimulatorCredentials {
  /** Kore.ai XO admin app: the JWT must be HS256-signed with clientSecret and carry `appId: clientId`. */
  koreXo: { clientId: string; clientSecret: string };
  /** Kore.ai AI for Work: an admin's personal API key, sent raw in the `auth` header. */
  aiForWork: { apiKey: string; revokedKeys?: string[] };
  /** UiPath external application (client credentials) and the organization it lives in. */
  uipath: {
    clientId: string;
    clientSecret: string;
    organization: string;
    tenant: string;
    /** The organization GUID (accepted in place of the organization name in URLs, too). */
    partitionGlobalId: string;
    /** Scopes the external application may be granted; default all four audit scopes. */
    scopes?: string[];
  };
}

/** Credentials option: every part optional, merged over DEFAULT_CREDENTIALS. */
export type SimulatorCredentialsInput = {
  [K in keyof SimulatorCredentials]?: Partial<SimulatorCredentials[K]>;
};

export type RetryAfterMode = 'seconds' | 'http-date' | 'none';

export interface RateLimitConfig {
  /** Rolling windows, counted per account/credential; all are checked on every request. */
  windows: Array<{ limit: number; windowMs: number }>;
  /** How a 429 announces when to come back; default 'seconds'. */
  retryAfter?: RetryAfterMode;
}

export interface DataSpan {
  count?: number;
  /** ms epoch; default: 30 days before start-up now. */
  start?: number;
  /** ms epoch; default: start-up now. */
  end?: number;
}

export interface KoreXoBehavior {
  /** Require a `jti` claim and reject replays. Default false. */
  requireJti?: boolean;
  /** Accepted JWT algorithms. Default ['HS256']. */
  algorithms?: Array<'HS256' | 'HS384' | 'HS512'>;
  /** Page size when `size` is absent (at most maxSize). Default 50. */
  defaultSize?: number;
  /** Largest page size, any positive integer. Default 100 (the documented maximum). */
  maxSize?: number;
  /** `size` over maxSize: clamp to maxSize, or 400. Default 'clamp'. */
  oversize?: 'clamp' | 'reject';
  /**
   * Order of `auditlogs` (no sort parameter is documented). Default 'time-asc': ascending by time,
   * ties in insertion order (= id order with arrival ids). 'time-desc' is its exact reverse.
   */
  sort?: 'time-asc' | 'time-desc' | 'id-asc' | 'id-desc';
  /** `fetchAfter`: filter `AuditLogId > fetchAfter`, or silently ignore it. Default 'honoured'. */
  fetchAfter?: 'honoured' | 'ignored';
  /** `offset`: a page index (documented), a record offset, or ignored. Default 'page'. */
  offset?: 'page' | 'record' | 'ignored';
  /** `fromDate` is an inclusive bound. Default true. */
  fromDateInclusive?: boolean;
  /** `toDate` is an inclusive bound. Default true. */
  toDateInclusive?: boolean;
  /** A date-only `toDate` means that day's UTC midnight, or its last millisecond. Default 'start-of-day'. */
  dateOnlyTo?: 'start-of-day' | 'end-of-day';
  /** fromDate later than toDate. Default 'empty'. */
  invertedRange?: 'empty' | 'swap' | 'reject';
  /**
   * `total`: all records matching the filter, the records on this page, omitted, or the matching
   * count cached at the query's first request ('stale'). Default 'matching'.
   */
  total?: 'matching' | 'page' | 'absent' | 'stale';
  /** `moreAvailable`: accurate, or omitted. Default 'accurate'. */
  moreAvailable?: 'accurate' | 'absent';
  /** AuditLogIds grow with arrival (ObjectId-like), or are random 24 hex. Default 'arrival'. */
  ids?: 'arrival' | 'random';
}

export interface AiForWorkBehavior {
  /** Order of `logs`. Default 'desc' (newest first). */
  order?: 'asc' | 'desc';
  /** At most this many logs per response, silently; any positive integer, or false = no cap. Default 1000. */
  hardCap?: number | false;
  /** Which records a capped response keeps: the first N in `order`, the newest N or the oldest N. Default 'first'. */
  capKeeps?: 'first' | 'newest' | 'oldest';
  /** `startTime` is an inclusive bound. Default true. */
  startInclusive?: boolean;
  /** `endTime` is an inclusive bound. Default true. */
  endInclusive?: boolean;
  /** Honour undocumented `limit`/`skip` query parameters. Default false. */
  undocumentedPaging?: boolean;
  /** `_id`s grow with arrival (ObjectId-like), or are random 24 hex. Default 'arrival'. */
  ids?: 'arrival' | 'random';
}

export interface UiPathBehavior {
  /** Access token lifetime. Default 3600. */
  tokenTtlSeconds?: number;
}

export interface UiPathPlatformBehavior {
  /** `top` when absent (at most maxTop). Default 10. */
  defaultTop?: number;
  /** Largest `top`, any positive integer. Default 1000. */
  maxTop?: number;
  /** `top` above maxTop: clamp, or 400 ValidationProblemDetails naming `top`. Default 'clamp'. */
  oversizeTop?: 'clamp' | 'reject';
  /** `sortBy` honoured, or ignored (always createdOn). Default 'honoured'. */
  sortBy?: 'honoured' | 'ignored';
  /** `sortOrder` honoured, or ignored with a fixed order. Default 'honoured'. */
  sortOrder?: 'honoured' | 'always-desc' | 'always-asc';
  /** Order when `sortOrder` is absent (and honoured). Default 'desc'. */
  defaultSortOrder?: 'desc' | 'asc';
  /** `totalCount`: accurate, omitted, or cached at the first request ('stale'). Default 'accurate'. */
  totalCount?: 'accurate' | 'absent' | 'stale';
  /** Rows in the CSV download when `size` is absent. Default 1000. */
  downloadDefaultSize?: number;
  /** Prefix the CSV download with a UTF-8 byte order mark. Default false. */
  csvBom?: boolean;
}

export interface UiPathUnifiedBehavior {
  /**
   * How the server reads the repeated filters (source, target, type, userIds): repeated keys
   * (`source=a&source=b`), `source[]=a`, `source[0]=a`, or one comma-separated value. Other
   * encodings are silently not read (no filter). Default 'repeated'.
   */
  arrayEncoding?: 'repeated' | 'brackets' | 'indexed' | 'comma';
  /** Which cursor leads to older events: `previous` (UiPath's CLI) or `next`. Default 'previous-older'. */
  cursorDirection?: 'previous-older' | 'next-older';
  /** Lower clamp bound of `maxCount`. Default 10. */
  minCount?: number;
  /** Upper clamp bound of `maxCount`. Default 200. */
  maxCount?: number;
  /** Events per page without `maxCount` (clamped too). Default 50. */
  defaultCount?: number;
  /** `from` is an inclusive bound. Default true. */
  fromInclusive?: boolean;
  /** `to` is an inclusive bound. Default true. */
  toInclusive?: boolean;
  /** The newer-events cursor of a page at the newest end: null, or a cursor anyway. Default 'null'. */
  newestCursor?: 'null' | 'cursor';
  /** Days the live API keeps; older events are never returned. Default 90. */
  retentionDays?: number;
}

export interface OrchestratorBehavior {
  /** `$top` when absent (at most maxTop). Default 1000. */
  defaultTop?: number;
  /** Largest `$top`, any positive integer. Default 1000. */
  maxTop?: number;
  /** `$top` above maxTop: clamp or 400. Default 'clamp'. */
  oversizeTop?: 'clamp' | 'reject';
  /** `$orderby` honoured, or silently ignored (defaultOrder applies). Default 'honoured'. */
  orderby?: 'honoured' | 'ignored';
  /** Order without (or ignoring) `$orderby`. Default 'id-asc'. */
  defaultOrder?: 'id-asc' | 'id-desc' | 'time-desc';
  /** `$filter` honoured, its Id predicates silently dropped, or all of it ignored. Default 'honoured'. */
  filter?: 'honoured' | 'ignore-id' | 'ignored';
  /** `@odata.count` (with `$count=true`): accurate, omitted, or cached per filter ('stale'). Default 'accurate'. */
  count?: 'accurate' | 'absent' | 'stale';
}

export interface SimulatorBehavior {
  /** Added to every request before it is handled. Default 0. */
  latencyMs?: number;
  koreXo?: KoreXoBehavior;
  aiForWork?: AiForWorkBehavior;
  uipath?: UiPathBehavior;
  uipathPlatform?: UiPathPlatformBehavior;
  orchestrator?: OrchestratorBehavior;
  uipathUnified?: UiPathUnifiedBehavior;
}

/** Every behaviour option filled in: what a running simulator does. */
export interface EffectiveBehavior {
  latencyMs: number;
  koreXo: Required<KoreXoBehavior>;
  aiForWork: Required<AiForWorkBehavior>;
  uipath: Required<UiPathBehavior>;
  uipathPlatform: Required<UiPathPlatformBehavior>;
  orchestrator: Required<OrchestratorBehavior>;
  uipathUnified: Required<UiPathUnifiedBehavior>;
}

/**
 * A behaviour profile: 'documented' (the defaults), a seed for drawProfile(), or a behaviour
 * object. Explicit `behavior` options are merged over it.
 */
export type ProfileOption = 'documented' | { seed: number | string } | SimulatorBehavior;

export interface SimulatorOptions {
  /** Default 0 (a random free port). The host is always 127.0.0.1. */
  port?: number;
  /** Seed for all generated data. Default 1. */
  seed?: number | string;
  /** Server clock in ms. Default Date.now. */
  now?: () => number;
  /** Added to `now()`; the server clock is now() + clockSkewMs. Default 0. */
  clockSkewMs?: number;
  /** Records to pre-generate per vendor. */
  data?: Partial<Record<SimulatedVendorId, DataSpan>>;
  credentials?: SimulatorCredentialsInput;
  behavior?: SimulatorBehavior;
  /** Behaviour profile under `behavior`. Default 'documented'. */
  profile?: ProfileOption;
  /** Per vendor rate limits; `false` disables. Default: Kore XO 60/min + 1800/h, others none. */
  rateLimits?: Partial<Record<SimulatedVendorId, RateLimitConfig | false>>;
  /** Receives one line per request (method, path, query, status, duration). Never secrets. */
  logger?: (line: string) => void;
}

export interface GroundTruthQuery {
  /** Inclusive lower bound: ms epoch or an ISO-8601 string. */
  from?: string | number;
  /** Upper bound: ms epoch or an ISO-8601 string. */
  to?: string | number;
  /** Default true. */
  toInclusive?: boolean;
  /** Kore XO: only AuditLogIds strictly greater (compared as strings, like the server). */
  fetchAfter?: string;
  /** AI for Work filters (exact match). */
  entity?: string;
  entityId?: string;
  userId?: string;
  emailId?: string;
  action?: string;
  /** Orchestrator: only Ids strictly greater. */
  idGreaterThan?: number;
  /** UiPath unified: organization-level or tenant-level events (default both). */
  scope?: 'organization' | 'tenant';
  /** UiPath unified: GUIDs from the metadata tree; a record matches any of the listed values. */
  eventSources?: string[];
  eventTargets?: string[];
  eventTypes?: string[];
  userIds?: string[];
  /** UiPath unified: 0 = success, 1 = failed. */
  status?: 0 | 1;
  /** UiPath unified: case-insensitive, in eventDetails and clientInfo (not the actor). */
  searchTerm?: string;
}

export interface RequestLogEntry {
  vendor: SimulatedVendorId;
  route: RouteKind;
  method: string;
  /** Full request path, without the query string. */
  path: string;
  query: Record<string, string>;
  /** HTTP status sent; 0 when the connection was reset before any response. */
  status: number;
  /** Server clock (ms) when the request arrived. */
  at: number;
  /** The Retry-After header sent, if any. */
  retryAfter?: string;
  /** True for every 429 (rate-limit windows or an injected rate-limit fault). */
  rateLimited: boolean;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
}

interface FaultTarget {
  vendor?: SimulatedVendorId;
  /**
   * Which endpoint. Unset = any of the vendor's API routes except the UiPath token endpoint
   * (to fault the token endpoint say route: 'token').
   */
  route?: RouteKind;
  /** How many requests the fault hits. Default 1. */
  times?: number;
  /** Let this many matching requests through first. Default 0. */
  afterRequests?: number;
}

export type FaultBehavior =
  | {
      kind: 'status';
      status: number;
      /** Default: the vendor's error shape for that status. */
      body?: string;
      headers?: Record<string, string>;
      /** Answer with a JSON body echoing the request, headers included (to test secret leaks). */
      echoRequest?: boolean;
    }
  | { kind: 'rate-limit'; retryAfter?: RetryAfterMode; retryAfterSeconds?: number }
  | { kind: 'reset' }
  | { kind: 'reset-mid-body' }
  | { kind: 'delay'; ms: number }
  | { kind: 'truncated-json' }
  | { kind: 'html-200' }
  | { kind: 'duplicate-previous-page' }
  /**
   * A cache that ignores the query and `Cache-Control: no-cache`: the previous data response
   * again, as a cache serves a stored answer (with `Age`, RFC 9111 4).
   */
  | { kind: 'cached-answer'; ageSeconds?: number }
  | { kind: 'token-expired' };

export type FaultSpec = FaultTarget & FaultBehavior;

export type FaultKind = FaultBehavior['kind'];

export interface RandomFaultOptions {
  seed: number | string;
  /** Chance per request, 0..1. */
  probability: number;
  kinds: FaultKind[];
  /** Default: all vendors. */
  vendors?: SimulatedVendorId[];
}

export interface FaultController {
  add(fault: FaultSpec): void;
  /** Remove all faults, random ones included. */
  clear(): void;
  random(options: RandomFaultOptions | false): void;
}

export interface AppendOptions {
  /** Record time (ms epoch). Default: server now minus lateByMs. */
  at?: number;
  /** Record time = server now - lateByMs: a late, out-of-order arrival. */
  lateByMs?: number;
}

export type AutoAppendOptions = {
  everyRequests: number;
  count: number;
  lateByMs?: number;
  /**
   * Stop after this many records in all: a burst of activity during a read. Without it arrivals
   * follow the client's own request rate, so a reader that asks more gets ever more to read.
   */
  upTo?: number;
  /**
   * At most one burst per this many ms of the server's clock: a burst falling due sooner waits
   * for the first request after that (bursts due meanwhile make one). Without it a client asking
   * faster than one request a millisecond lands many bursts in one millisecond, more than a
   * tenant writes.
   */
  minIntervalMs?: number;
};

export type AutoPurgeOptions = { everyRequests: number; count: number };

export interface Simulator extends AsyncDisposable {
  /** http://127.0.0.1:PORT */
  url: string;
  baseUrls: Record<SimulatedVendorId, string>;
  /** Effective credentials. Mutable at run time (e.g. push to aiForWork.revokedKeys). */
  credentials: SimulatorCredentials;
  /** Effective behaviour: every option and switch, profile and `behavior` merged. */
  behavior: EffectiveBehavior;
  /** Wire-format records a complete client must receive, ascending by time then insertion order (fresh copies); purged records are gone. */
  groundTruth(vendor: SimulatedVendorId, query?: GroundTruthQuery): unknown[];
  /**
   * The ground truth a source built by `simulatorSourceConfig(sim, vendor)` reads: `groundTruth`
   * narrowed to that config's endpoint (the unified audit API's organization scope).
   */
  groundTruthOfSource(vendor: SimulatedVendorId, query?: GroundTruthQuery): unknown[];
  /**
   * Every record the vendor has held since the start, purged ones included, in arrival order: what
   * a client may have received at some point (ground truth only says what it must receive).
   */
  everStored(vendor: SimulatedVendorId): unknown[];
  /** Add records now (or at a given/past time = late, out-of-order arrival); returns them. */
  append(vendor: SimulatedVendorId, count: number, options?: AppendOptions): unknown[];
  /** After every N data requests to the vendor, append `count` records; false stops. */
  autoAppend(vendor: SimulatedVendorId, options: AutoAppendOptions | false): void;
  /** Remove the `count` oldest records (by time), as retention does; returns them. Other ids do not change. */
  purge(vendor: SimulatedVendorId, count: number): unknown[];
  /** After every N data requests to the vendor, purge the `count` oldest records; false stops. */
  autoPurge(vendor: SimulatedVendorId, options: AutoPurgeOptions | false): void;
  faults: FaultController;
  requests: RequestLogEntry[];
  resetRequestLog(): void;
  /** Every issued UiPath bearer token becomes expired now. */
  expireTokens(): void;
  /** Server clock: now() + clockSkewMs. */
  now(): number;
  close(): Promise<void>;
}
