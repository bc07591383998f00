// Kore.ai AI for Work audit log records (Admin Hub).

import { Dataset, MS_SCALE } from '../dataset.js';
import { ObjectIds } from '../object-ids.js';
import type { IdMode } from '../object-ids.js';
import { uint16Column, uint8Column } from '../growable.js';
import { isoMs } from '../iso-time.js';
import { GROUPS, PEOPLE } from '../pools.js';
import { Rng, cumulative, mix, pickWeighted } from '../random.js';
import type { GroundTruthQuery } from '../types.js';

export type AiForWorkAction = 'create' | 'update' | 'delete';

export interface AiForWorkRecord {
  parentIds: string[];
  _id: string;
  entity: string;
  action: AiForWorkAction;
  userId: string;
  accountId: string;
  entityId: string;
  delta: { from: Record<string, unknown>; to: Record<string, unknown> };
  htmlText: string;
  userName: string;
  emailId: string;
  keywords: string;
  cOn: string;
  __v: number;
}

type Change = { field: string; from: unknown; to: unknown; text?: string };

interface EntityDef {
  key: string;
  /** As the Admin Hub words it in htmlText. */
  label: string;
  actions: readonly AiForWorkAction[];
  weight: number;
  names: readonly string[];
  change(rng: Rng, name: string): Change;
}

const CRUD: readonly AiForWorkAction[] = ['create', 'update', 'delete'];
const UPDATE: readonly AiForWorkAction[] = ['update'];

const AGENTS = [
  'HR Helper',
  'IT Service Desk',
  'Travel Planner',
  'Sales Copilot',
  'Policy Q&A',
  'Procurement Assistant',
  'Benefits Guide',
  'Onboarding Coach',
];
const ROLES = [
  'Workspace Admin',
  'Agent Builder',
  'Viewer',
  'Billing Manager',
  'Security Reviewer',
  'Knowledge Curator',
];
const SERVICE_ACCOUNTS = [
  'svc-reporting',
  'svc-hr-sync',
  'svc-ci',
  'svc-audit-export',
  'svc-servicenow',
];
const LLMS = [
  'Azure OpenAI - prod',
  'OpenAI GPT-4o',
  'Anthropic Claude',
  'Google Vertex AI',
  'Kore XO GPT',
  'Azure OpenAI - eu',
];
const DOMAINS = ['acme.com', 'acme-partners.io', 'eu.acme.com', 'support.acme.com'];
const RULES = Array.from({ length: 99 }, (_, i) => `Answer rule - ${i + 1}`);

const toggle =
  (field: string, a: unknown, b: unknown) =>
  (rng: Rng): Change =>
    rng.chance(0.5) ? { field, from: a, to: b } : { field, from: b, to: a };

const ENTITIES: readonly EntityDef[] = [
  {
    key: 'usergroup',
    label: 'user group',
    actions: CRUD,
    weight: 8,
    names: GROUPS,
    change: (rng) => ({
      field: 'members',
      from: rng.between(3, 40),
      to: rng.between(3, 40),
      text: 'Members updated',
    }),
  },
  {
    key: 'Agent',
    label: 'agent',
    actions: CRUD,
    weight: 14,
    names: AGENTS,
    change: (rng) => toggle('status', 'draft', 'published')(rng),
  },
  {
    key: 'role',
    label: 'role',
    actions: CRUD,
    weight: 5,
    names: ROLES,
    change: (rng) => ({
      field: 'permissions',
      from: rng.between(4, 20),
      to: rng.between(4, 20),
      text: 'Permissions updated',
    }),
  },
  {
    key: 'ssostatus',
    label: 'SSO status',
    actions: UPDATE,
    weight: 1,
    names: ['SSO'],
    change: (rng) => toggle('enabled', false, true)(rng),
  },
  {
    key: 'serviceaccount',
    label: 'service account',
    actions: CRUD,
    weight: 3,
    names: SERVICE_ACCOUNTS,
    change: (rng) => toggle('status', 'active', 'disabled')(rng),
  },
  {
    key: 'llmintegrations',
    label: 'LLM integration',
    actions: CRUD,
    weight: 4,
    names: LLMS,
    change: (rng) => ({
      field: 'model',
      from: rng.pick(['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet']),
      to: rng.pick(['gpt-4.1', 'gpt-4.1-mini', 'claude-sonnet-4']),
    }),
  },
  {
    key: 'domains',
    label: 'domain',
    actions: CRUD,
    weight: 2,
    names: DOMAINS,
    change: (rng) => toggle('verified', false, true)(rng),
  },
  {
    key: 'ratelimits',
    label: 'rate limits',
    actions: UPDATE,
    weight: 1.5,
    names: ['Rate limits'],
    change: (rng) => ({
      field: 'requestsPerMinute',
      from: rng.pick([60, 120, 300]),
      to: rng.pick([90, 240, 600]),
      text: 'Requests per minute',
    }),
  },
  {
    key: 'emailnotificationpreferences',
    label: 'email notification preferences',
    actions: UPDATE,
    weight: 1.5,
    names: ['Email notifications'],
    change: (rng) => toggle('digest', 'daily', 'weekly')(rng),
  },
  {
    key: 'nlprules',
    label: 'business rule',
    actions: CRUD,
    weight: 12,
    names: RULES,
    change: () => ({ field: 'name', from: undefined, to: undefined }),
  },
  {
    key: 'userenrollment',
    label: 'user enrollment',
    actions: UPDATE,
    weight: 2,
    names: ['Self sign-up & invites', 'Invite only', 'Domain-based sign-up'],
    change: (rng) => toggle('mode', 'invite-only', 'self-signup')(rng),
  },
];

/** (entity, action) pairs, weighted; updates are the most common. */
const TEMPLATES = ENTITIES.flatMap((entity, e) =>
  entity.actions.map((action) => ({
    e,
    action,
    weight: entity.weight * (action === 'update' ? 3 : 1),
  })),
);
const WEIGHTS = cumulative(TEMPLATES.map((t) => t.weight));

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const VERB: Record<AiForWorkAction, string> = {
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
};

export class AiForWorkData extends Dataset<AiForWorkRecord> {
  readonly vendor = 'kore-ai-for-work' as const;
  readonly ids: ObjectIds;
  readonly accountId: string;
  readonly userIds: readonly string[];
  private readonly templates = uint8Column();
  private readonly actors = uint8Column();
  private readonly instances = uint16Column();
  private readonly entityIdCache = new Map<number, string>();
  private entityIdIndex: Map<string, { e: number; inst: number }> | undefined;

  constructor(seed: number, capacity: number, ids: IdMode = 'arrival') {
    super(seed, MS_SCALE, capacity);
    this.ids = new ObjectIds(mix(seed, 1), ids);
    const rng = new Rng(mix(seed, 0xacc0));
    this.accountId = `ac-${rng.uuid(5)}`;
    this.userIds = PEOPLE.map(() => `u-${rng.uuid(5)}`);
  }

  protected addAttributes(rng: Rng): void {
    const t = pickWeighted(rng, WEIGHTS);
    this.templates.push(t);
    this.actors.push(rng.chance(0.6) ? rng.int(8) : rng.int(PEOPLE.length));
    this.instances.push(rng.int(ENTITIES[TEMPLATES[t]!.e]!.names.length));
  }

  entityKey(ord: number): string {
    return ENTITIES[TEMPLATES[this.templates.get(ord)]!.e]!.key;
  }

  action(ord: number): AiForWorkAction {
    return TEMPLATES[this.templates.get(ord)]!.action;
  }

  actor(ord: number): number {
    return this.actors.get(ord);
  }

  /** Encoded (entity, instance) of a record, comparable with entityRef(). */
  entityRefOf(ord: number): number {
    return TEMPLATES[this.templates.get(ord)]!.e * 0x10000 + this.instances.get(ord);
  }

  /** (entity, instance) reference of a 24-hex entityId, or -1 if no record can have it. */
  entityRef(entityId: string): number {
    if (this.entityIdIndex === undefined) {
      this.entityIdIndex = new Map();
      ENTITIES.forEach((entity, e) =>
        entity.names.forEach((_, inst) =>
          this.entityIdIndex!.set(this.entityId(e, inst), { e, inst }),
        ),
      );
    }
    const hit = this.entityIdIndex.get(entityId);
    return hit === undefined ? -1 : hit.e * 0x10000 + hit.inst;
  }

  entityIndex(key: string): number {
    return ENTITIES.findIndex((entity) => entity.key === key);
  }

  private entityId(e: number, inst: number): string {
    const cacheKey = e * 0x10000 + inst;
    let id = this.entityIdCache.get(cacheKey);
    if (id === undefined) {
      const rng = new Rng(mix(this.seed ^ 0xe471, cacheKey));
      // Created some months before the audit window.
      const seconds = 1_700_000_000 + rng.int(40_000_000);
      id = seconds.toString(16).padStart(8, '0') + rng.hex(16);
      this.entityIdCache.set(cacheKey, id);
    }
    return id;
  }

  record(ord: number): AiForWorkRecord {
    const time = this.scale.ms(this.store.key(ord));
    const template = TEMPLATES[this.templates.get(ord)]!;
    const entity = ENTITIES[template.e]!;
    const inst = this.instances.get(ord);
    const name = entity.names[inst]!;
    const actorIndex = this.actors.get(ord);
    const person = PEOPLE[actorIndex]!;
    const rng = this.detailsOf(ord);
    const verb = VERB[template.action];
    let delta: AiForWorkRecord['delta'];
    const singleton = entity.names.length === 1;
    let htmlText = singleton
      ? `${verb} ${entity.label}`
      : `${verb} ${entity.label} <b>${escapeHtml(name)}</b>`;
    if (template.action === 'create') {
      delta = { from: {}, to: { name } };
    } else if (template.action === 'delete') {
      delta = { from: { name }, to: {} };
    } else {
      const change = entity.change(rng, name);
      if (change.from === undefined || (!singleton && rng.chance(0.25))) {
        // As in Kore's sample: an update whose "from" is empty.
        delta = { from: {}, to: { name } };
      } else {
        delta = { from: { [change.field]: change.from }, to: { [change.field]: change.to } };
        const what = escapeHtml(change.text ?? change.field);
        const shown = (v: unknown): string =>
          escapeHtml(typeof v === 'string' ? v : JSON.stringify(v));
        htmlText += `<br>${what}: ${shown(change.from)} &rarr; ${shown(change.to)}`;
      }
    }
    return {
      parentIds: [],
      _id: this.ids.id(this.store.arrival(ord), ord),
      entity: entity.key,
      action: template.action,
      userId: this.userIds[actorIndex]!,
      accountId: this.accountId,
      entityId: this.entityId(template.e, inst),
      delta,
      htmlText,
      userName: person.displayName,
      emailId: person.email,
      keywords: '',
      cOn: isoMs(time),
      __v: 0,
    };
  }

  /** Exact-match filter on entity, entityId, userId, emailId and action; undefined = all pass. */
  matcher(filters: {
    entity?: string | undefined;
    entityId?: string | undefined;
    userId?: string | undefined;
    emailId?: string | undefined;
    action?: string | undefined;
  }): ((ord: number) => boolean) | undefined {
    const tests: Array<(ord: number) => boolean> = [];
    if (filters.entity !== undefined) {
      const e = this.entityIndex(filters.entity);
      tests.push((ord) => TEMPLATES[this.templates.get(ord)]!.e === e);
    }
    if (filters.action !== undefined) {
      const action = filters.action;
      tests.push((ord) => TEMPLATES[this.templates.get(ord)]!.action === action);
    }
    if (filters.entityId !== undefined) {
      const ref = this.entityRef(filters.entityId);
      tests.push((ord) => this.entityRefOf(ord) === ref);
    }
    if (filters.userId !== undefined) {
      const a = this.userIds.indexOf(filters.userId);
      tests.push((ord) => this.actors.get(ord) === a);
    }
    if (filters.emailId !== undefined) {
      const a = PEOPLE.findIndex((p) => p.email === filters.emailId);
      tests.push((ord) => this.actors.get(ord) === a);
    }
    if (tests.length === 0) return undefined;
    return (ord) => tests.every((test) => test(ord));
  }

  protected override filterFor(query: GroundTruthQuery): ((ord: number) => boolean) | undefined {
    return this.matcher(query);
  }
}
