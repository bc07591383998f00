// Every question the vendor docs leave open, as data: the switch, its values (or the integer range
// drawn by drawProfile), its default (from DEFAULT_BEHAVIOR) and the research note it comes from
// (/work/shared/research/vendors.md sections). Tests build their own arbitraries from this list.

import { DEFAULT_BEHAVIOR } from './defaults.js';
import type { SimulatedVendorId } from './types.js';

/** The `behavior` sections that hold switches. */
export type BehaviorSection =
  'koreXo' | 'aiForWork' | 'uipathPlatform' | 'orchestrator' | 'uipathUnified';

export type SwitchValue = string | number | boolean;

export type SwitchDomain =
  | { kind: 'enum'; values: readonly (string | boolean)[] }
  /** Any positive integer is accepted; drawProfile draws from [min, max] (and `false` when orFalse). */
  | { kind: 'integer'; min: number; max: number; orFalse?: boolean };

export interface BehaviorSwitch {
  /** `section.name`, e.g. 'koreXo.sort'. */
  id: string;
  section: BehaviorSection;
  vendor: SimulatedVendorId;
  name: string;
  domain: SwitchDomain;
  /** Today's (documented or inferred) behaviour. */
  default: SwitchValue;
  /** The doc sentence or open question, with its vendors.md section. */
  doc: string;
}

const VENDOR_OF: Record<BehaviorSection, SimulatedVendorId> = {
  koreXo: 'kore-xo-admin-console',
  aiForWork: 'kore-ai-for-work',
  uipathPlatform: 'uipath-platform-audit',
  orchestrator: 'uipath-orchestrator-odata',
  uipathUnified: 'uipath-unified-audit',
};

const oneOf = (...values: Array<string | boolean>): SwitchDomain => ({ kind: 'enum', values });
const BOOL = oneOf(true, false);
const int = (min: number, max: number, orFalse = false): SwitchDomain =>
  orFalse ? { kind: 'integer', min, max, orFalse } : { kind: 'integer', min, max };

function define(
  section: BehaviorSection,
  name: string,
  domain: SwitchDomain,
  doc: string,
): BehaviorSwitch {
  const defaults = DEFAULT_BEHAVIOR[section] as unknown as Record<string, SwitchValue>;
  const value = defaults[name];
  if (value === undefined) throw new Error(`no default for ${section}.${name}`);
  return {
    id: `${section}.${name}`,
    section,
    vendor: VENDOR_OF[section],
    name,
    domain,
    default: value,
    doc,
  };
}

export const BEHAVIOR_SWITCHES: readonly BehaviorSwitch[] = Object.freeze([
  define(
    'koreXo',
    'defaultSize',
    int(5, 100),
    '§1.2 size: no default is documented (the sample sends 50).',
  ),
  define(
    'koreXo',
    'maxSize',
    int(5, 100),
    '§1.2 size: documented maximum 100; a tenant may cap pages lower, unannounced.',
  ),
  define(
    'koreXo',
    'oversize',
    oneOf('clamp', 'reject'),
    '§1.2 size: whether values over the maximum are clamped or rejected is not said.',
  ),
  define(
    'koreXo',
    'sort',
    oneOf('time-asc', 'time-desc', 'id-asc', 'id-desc'),
    '§1.2: no sort parameter is documented; the sample response is ascending by time.',
  ),
  define(
    'koreXo',
    'fetchAfter',
    oneOf('honoured', 'ignored'),
    '§1.2 fetchAfter: "records after" an AuditLogId; its exact semantics and how it combines with offset are not documented.',
  ),
  define(
    'koreXo',
    'offset',
    oneOf('page', 'record', 'ignored'),
    '§1.2 offset: documented as a page number from 0 (Kore convention, §1.7).',
  ),
  define(
    'koreXo',
    'fromDateInclusive',
    BOOL,
    '§1.2 fromDate: whether the bound is inclusive is not documented.',
  ),
  define(
    'koreXo',
    'toDateInclusive',
    BOOL,
    '§1.2 toDate: whether the bound is inclusive is not documented.',
  ),
  define(
    'koreXo',
    'dateOnlyTo',
    oneOf('start-of-day', 'end-of-day'),
    '§1.2 a date-only toDate probably means UTC midnight; whether it covers that whole day is unknown.',
  ),
  define(
    'koreXo',
    'invertedRange',
    oneOf('empty', 'swap', 'reject'),
    '§1.2 the docs sample sends fromDate later than toDate and still shows data.',
  ),
  define(
    'koreXo',
    'total',
    oneOf('matching', 'page', 'absent', 'stale'),
    '§1.3 what total counts is not documented (matching or returned; the sample fits both).',
  ),
  define(
    'koreXo',
    'moreAvailable',
    oneOf('accurate', 'absent'),
    '§1.3 moreAvailable appears in a sample response, not in a schema.',
  ),
  define(
    'koreXo',
    'ids',
    oneOf('arrival', 'random'),
    '§1.2/§1.3 AuditLogId is called "incrementing" and looks like a time-prefixed ObjectId; order is not promised.',
  ),
  define(
    'aiForWork',
    'order',
    oneOf('desc', 'asc'),
    '§2.2/§2.3 the order of logs is not documented.',
  ),
  define(
    'aiForWork',
    'hardCap',
    int(7, 1500, true),
    '§2.3 no pagination documented: everything in the window, or a silent cap at an unknown N.',
  ),
  define(
    'aiForWork',
    'capKeeps',
    oneOf('first', 'newest', 'oldest'),
    '§2.3 which records a capped response keeps is not said.',
  ),
  define(
    'aiForWork',
    'startInclusive',
    BOOL,
    '§2.1 startTime: whether the bound is inclusive is not documented.',
  ),
  define(
    'aiForWork',
    'endInclusive',
    BOOL,
    '§2.1 endTime: whether the bound is inclusive is not documented.',
  ),
  define(
    'aiForWork',
    'undocumentedPaging',
    BOOL,
    '§2.3 (c) undocumented limit/skip parameters may be accepted.',
  ),
  define(
    'aiForWork',
    'ids',
    oneOf('arrival', 'random'),
    '§2.2 `_id` looks like a time-prefixed ObjectId; order is not promised.',
  ),
  define('uipathPlatform', 'defaultTop', int(5, 100), '§3.2 defaults for top are not documented.'),
  define(
    'uipathPlatform',
    'maxTop',
    int(5, 1000),
    "§3.2 the maximum top is not documented (UiPath's own module pages with 1000).",
  ),
  define(
    'uipathPlatform',
    'oversizeTop',
    oneOf('clamp', 'reject'),
    '§3.2 whether a top over the maximum is clamped or rejected is not said.',
  ),
  define(
    'uipathPlatform',
    'sortBy',
    oneOf('honoured', 'ignored'),
    '§3.2 sortBy is documented as a DTO property name; that the server honours it is not shown.',
  ),
  define(
    'uipathPlatform',
    'sortOrder',
    oneOf('honoured', 'always-desc', 'always-asc'),
    '§3.2 sortOrder asc/desc is documented; that the server honours it is not shown.',
  ),
  define(
    'uipathPlatform',
    'defaultSortOrder',
    oneOf('desc', 'asc'),
    '§6.3 the default sort is not documented.',
  ),
  define(
    'uipathPlatform',
    'totalCount',
    oneOf('accurate', 'absent', 'stale'),
    '§3.2 totalCount is in the sample response; how it is computed is not documented.',
  ),
  define(
    'uipathPlatform',
    'downloadDefaultSize',
    int(10, 5000),
    '§3.3/§6.3 what download size means when omitted is not documented.',
  ),
  define(
    'uipathPlatform',
    'csvBom',
    BOOL,
    '§3.3 the CSV format and Content-Type of the download are not documented.',
  ),
  define(
    'orchestrator',
    'defaultTop',
    int(10, 1000),
    '§3.5/§6.5 the default page size without `$top` is not documented for AuditLogs.',
  ),
  define(
    'orchestrator',
    'maxTop',
    int(10, 1000),
    '§3.5 the swagger caps `$top` at 1000; a tenant setting (Pagination.Limits) may cap lower.',
  ),
  define(
    'orchestrator',
    'oversizeTop',
    oneOf('clamp', 'reject'),
    '§3.5 whether a `$top` over the maximum is clamped or rejected is not said.',
  ),
  define(
    'orchestrator',
    'orderby',
    oneOf('honoured', 'ignored'),
    '§3.5 `$orderby` is in the swagger; "stable paging needs `$orderby=Id`" is an inference.',
  ),
  define(
    'orchestrator',
    'defaultOrder',
    oneOf('id-asc', 'id-desc', 'time-desc'),
    '§3.5 the order without $orderby is not documented.',
  ),
  define(
    'orchestrator',
    'filter',
    oneOf('honoured', 'ignore-id', 'ignored'),
    '§3.5 `$filter` is in the swagger; the keyset `Id gt {lastId}` is an inference.',
  ),
  define(
    'orchestrator',
    'count',
    oneOf('accurate', 'absent', 'stale'),
    '§3.5 `@odata.count` with `$count=true` is standard OData, not shown for AuditLogs.',
  ),
  define(
    'uipathUnified',
    'arrayEncoding',
    oneOf('repeated', 'brackets', 'indexed', 'comma'),
    '§3.4 "The array encoding is not stated" for source[], target[], type[], userIds[] (repeated keys, the ASP.NET default, is an inference).',
  ),
  define(
    'uipathUnified',
    'cursorDirection',
    oneOf('previous-older', 'next-older'),
    "§3.4 cursors are chronological, previous = older and next = newer, per UiPath's CLI skill; the API reference does not say.",
  ),
  define(
    'uipathUnified',
    'minCount',
    int(1, 50),
    "§3.4 the server clamps maxCount to [10, 200] per UiPath's CLI skill; the API reference gives no bounds.",
  ),
  define(
    'uipathUnified',
    'maxCount',
    int(20, 1000),
    '§3.4 the same clamp; a third-party OpenAPI claims maxCount ≤1000.',
  ),
  define(
    'uipathUnified',
    'defaultCount',
    int(10, 200),
    '§3.4 maxCount is "maximum records"; the count without it is not documented.',
  ),
  define(
    'uipathUnified',
    'fromInclusive',
    BOOL,
    '§3.4 from/to are "DateTime"; whether from is inclusive is not stated.',
  ),
  define(
    'uipathUnified',
    'toInclusive',
    BOOL,
    "§3.4 to is inclusive of that exact instant per UiPath's CLI skill, not the API reference.",
  ),
  define(
    'uipathUnified',
    'newestCursor',
    oneOf('null', 'cursor'),
    '§3.4 next is "often null when anchored at now"; when exactly is not said.',
  ),
  define(
    'uipathUnified',
    'retentionDays',
    int(7, 365),
    "§3.4 older events are only in the long-term store; the live API's 90 days come from issue 16, not from a cited doc.",
  ),
]);
