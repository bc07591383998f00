// UiPath unified audit events (orgaudit_ / tenantaudit_): generation, materialization, filters.

import { Dataset, tickScale } from '../../dataset.js';
import { uint8Column } from '../../growable.js';
import { toInstant } from '../../iso-time.js';
import { IPS, PEOPLE } from '../../pools.js';
import { Rng, cumulative, mix, pickWeighted } from '../../random.js';
import type { StoreRange } from '../../record-store.js';
import type { GroundTruthQuery } from '../../types.js';
import { EVENT_TYPES, guidOf } from './catalog.js';
import type { UnifiedScope } from './catalog.js';

export interface UiPathUnifiedEvent {
  id: string;
  createdOn: string;
  organizationId: string;
  organizationName: string;
  tenantId: string | null;
  tenantName: string | null;
  actorId: string | null;
  actorName: string;
  actorEmail: string | null;
  eventType: string;
  eventSource: string;
  eventTarget: string;
  /** A JSON document as a string. */
  eventDetails: string;
  eventSummary: string;
  /** 0 = success, 1 = failed. */
  status: 0 | 1;
  /** Missing on events the service raised itself. */
  clientInfo?: { ipAddress: string; ipCountry: string };
}

/** What a query keeps besides its time window; GUID sets hold lower-case GUIDs. */
export interface UnifiedFilter {
  scope?: UnifiedScope;
  sources?: ReadonlySet<string>;
  targets?: ReadonlySet<string>;
  types?: ReadonlySet<string>;
  userIds?: ReadonlySet<string>;
  status?: 0 | 1;
  searchTerm?: string;
}

const DAY_MS = 86_400_000;
const SYSTEM_ACTOR = 255;
const COUNTRIES = ['US', 'DE', 'IN', 'GB', 'JP', 'FR', 'BR', 'RO'];
const USER_AGENTS = ['Chrome/142.0', 'Edge/142.0', 'Firefox/145.0', 'UiPath.Studio/25.10'];
const WEIGHTS = cumulative(EVENT_TYPES.map((t) => t.weight));
const ACTOR_IDS = PEOPLE.map((p) => guidOf(`user/${p.email}`));

/** ISO UTC with .NET's 7 fraction digits and Z: 2026-03-10T09:30:00.1234567Z */
function isoTicksZ(ms: number, sub: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}${String(sub).padStart(4, '0')}Z`;
}

const lower = (values: readonly string[] | undefined): Set<string> | undefined =>
  values === undefined ? undefined : new Set(values.map((v) => v.toLowerCase()));

export class UiPathUnifiedData extends Dataset<UiPathUnifiedEvent> {
  readonly vendor = 'uipath-unified-audit' as const;
  private readonly types = uint8Column();
  private readonly actors = uint8Column();
  private readonly statuses = uint8Column();
  private readonly idRng = new Rng(0);

  constructor(
    seed: number,
    private readonly options: {
      capacity: number;
      base: number;
      organization: { id: string; name: string };
      tenant: { id: string; name: string };
      /** Server clock (ms), for retention. */
      now: () => number;
      retentionDays: number;
    },
  ) {
    super(seed, tickScale(options.base), options.capacity);
  }

  protected addAttributes(rng: Rng): void {
    const typeIndex = pickWeighted(rng, WEIGHTS);
    const entry = EVENT_TYPES[typeIndex]!;
    this.types.push(typeIndex);
    this.actors.push(entry.system ? SYSTEM_ACTOR : rng.int(PEOPLE.length));
    this.statuses.push(entry.failed || rng.chance(0.03) ? 1 : 0);
  }

  /** The event GUID of record `ord` (the cursor's tie-breaker). */
  idOf(ord: number): string {
    return this.idRng.reseed(mix(this.seed ^ 0x2545f491, ord)).uuid();
  }

  record(ord: number): UiPathUnifiedEvent {
    const key = this.store.key(ord);
    const entry = EVENT_TYPES[this.types.get(ord)]!;
    const actorIndex = this.actors.get(ord);
    const actor = actorIndex === SYSTEM_ACTOR ? undefined : PEOPLE[actorIndex]!;
    const rng = this.detailsOf(ord);
    const object = entry.objects.length > 0 ? rng.pick(entry.objects) : undefined;
    const tenant = entry.scope === 'tenant' ? this.options.tenant : undefined;
    const details: Record<string, unknown> = {};
    if (object !== undefined) details['name'] = object;
    if (object !== undefined) details['id'] = guidOf(`object/${entry.target.name}/${object}`);
    if (tenant !== undefined) details['tenantName'] = tenant.name;
    if (entry.target.name === 'Login') details['authenticationMethod'] = rng.pick(['SAML', 'AAD']);
    const clientInfo =
      actor === undefined
        ? undefined
        : { ipAddress: rng.pick(IPS), ipCountry: rng.pick(COUNTRIES) };
    if (clientInfo !== undefined) details['userAgent'] = rng.pick(USER_AGENTS);
    const actorName = actor?.displayName ?? 'System';
    const what = entry.type.name.charAt(0).toLowerCase() + entry.type.name.slice(1);
    const event: UiPathUnifiedEvent = {
      id: this.idOf(ord),
      createdOn: isoTicksZ(this.scale.ms(key), this.scale.sub(key)),
      organizationId: this.options.organization.id,
      organizationName: this.options.organization.name,
      tenantId: tenant?.id ?? null,
      tenantName: tenant?.name ?? null,
      actorId: actor === undefined ? null : ACTOR_IDS[actorIndex]!,
      actorName,
      actorEmail: actor?.email ?? null,
      eventType: entry.type.name,
      eventSource: entry.source.name,
      eventTarget: entry.target.name,
      eventDetails: JSON.stringify(details),
      eventSummary: `${actorName} ${what}${object === undefined ? '' : ` '${object}'`}`,
      status: this.statuses.get(ord) === 1 ? 1 : 0,
    };
    if (clientInfo !== undefined) event.clientInfo = clientInfo;
    return event;
  }

  /** Oldest time (ms) the live API still serves, inclusive. */
  retentionCutoff(): number {
    return this.options.now() - this.options.retentionDays * DAY_MS;
  }

  /** Lowest key the live API still serves. */
  retentionKey(): number {
    return this.scale.key({ ms: this.retentionCutoff(), sub: 0 });
  }

  /** A predicate for the filter; undefined when it keeps everything. */
  matcher(filter: UnifiedFilter): ((ord: number) => boolean) | undefined {
    const { scope, sources, targets, types, userIds, status, searchTerm } = filter;
    const term = searchTerm === undefined || searchTerm === '' ? undefined : searchTerm;
    const needle = term?.toLowerCase();
    if (
      scope === undefined &&
      sources === undefined &&
      targets === undefined &&
      types === undefined &&
      userIds === undefined &&
      status === undefined &&
      needle === undefined
    ) {
      return undefined;
    }
    return (ord) => {
      const entry = EVENT_TYPES[this.types.get(ord)]!;
      if (scope !== undefined && entry.scope !== scope) return false;
      if (sources !== undefined && !sources.has(entry.source.id)) return false;
      if (targets !== undefined && !targets.has(entry.target.id)) return false;
      if (types !== undefined && !types.has(entry.type.id)) return false;
      if (status !== undefined && this.statuses.get(ord) !== status) return false;
      if (userIds !== undefined) {
        const actor = this.actors.get(ord);
        if (actor === SYSTEM_ACTOR || !userIds.has(ACTOR_IDS[actor]!)) return false;
      }
      if (needle !== undefined) {
        const r = this.record(ord);
        const haystack = `${r.eventDetails}\n${r.clientInfo?.ipAddress ?? ''}\n${r.clientInfo?.ipCountry ?? ''}`;
        if (!haystack.toLowerCase().includes(needle)) return false;
      }
      return true;
    };
  }

  protected override filterFor(query: GroundTruthQuery): ((ord: number) => boolean) | undefined {
    const filter: UnifiedFilter = {};
    if (query.scope !== undefined) filter.scope = query.scope;
    const sources = lower(query.eventSources);
    if (sources !== undefined) filter.sources = sources;
    const targets = lower(query.eventTargets);
    if (targets !== undefined) filter.targets = targets;
    const types = lower(query.eventTypes);
    if (types !== undefined) filter.types = types;
    const userIds = lower(query.userIds);
    if (userIds !== undefined) filter.userIds = userIds;
    if (query.status !== undefined) filter.status = query.status;
    if (query.searchTerm !== undefined) filter.searchTerm = query.searchTerm;
    return this.matcher(filter);
  }

  /** Ground truth never reaches past the live API's retention. */
  override groundTruth(query: GroundTruthQuery = {}): UiPathUnifiedEvent[] {
    const from = query.from === undefined ? undefined : this.scale.key(toInstant(query.from));
    if (from !== undefined && from >= this.retentionKey()) return super.groundTruth(query);
    return super.groundTruth({ ...query, from: this.retentionCutoff() });
  }

  /** Ordinals in the window that match, newest first (or oldest first), lazily. */
  *matching(
    range: StoreRange,
    dir: 'asc' | 'desc',
    keep: ((ord: number) => boolean) | undefined,
  ): Generator<number> {
    for (const ord of this.store.iterate(range, { by: 'key', dir })) {
      if (keep === undefined || keep(ord)) yield ord;
    }
  }
}
