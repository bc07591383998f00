import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ActorRefLookup } from '../store/mapping.js';

/** What the catalog says about people: user refs by email, emails by user, members by group. */
interface Snapshot {
  refByEmail: Map<string, string>;
  emailsByUser: Map<string, string[]>;
  membersByGroup: Map<string, Set<string>>;
}

export interface ActorDirectoryOptions {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** How long a loaded snapshot is used before it is loaded again (in the background). */
  ttlMs?: number;
  /** How long a read waits for the very first load before answering without it. */
  firstLoadWaitMs?: number;
  now?: () => number;
}

const PAGE = 1000;
const key = (ref: string) => ref.toLowerCase();

/**
 * Resolves actor emails to catalog Users (`spec.profile.email`) and user/group refs to emails,
 * from a snapshot of the catalog's Users and Groups loaded in the background and kept for a TTL.
 * Only reads use it: ingestion never waits for the catalog.
 */
export class ActorDirectory {
  readonly #options: Required<Omit<ActorDirectoryOptions, 'catalog' | 'auth' | 'logger'>> &
    ActorDirectoryOptions;
  #snapshot?: { at: number; ttl: number; data: Snapshot };
  #loading?: Promise<void>;
  #failedAt?: number;

  constructor(options: ActorDirectoryOptions) {
    this.#options = { ttlMs: 300_000, firstLoadWaitMs: 3_000, now: Date.now, ...options };
  }

  /** A lookup over the current snapshot (empty while the catalog cannot be read). */
  async lookup(): Promise<ActorRefLookup> {
    const data = await this.#current();
    return (email) => data?.refByEmail.get(email.toLowerCase());
  }

  /**
   * The emails of a `user:` ref, or of a `group:` ref's direct members. 400 for a ref of another
   * kind, 503 while the catalog cannot be read.
   */
  async emailsOf(ref: string, kind: 'user' | 'group', param: string): Promise<string[]> {
    let normalized: string;
    try {
      const parsed = parseEntityRef(ref, { defaultKind: kind, defaultNamespace: 'default' });
      if (parsed.kind.toLowerCase() !== kind) throw new Error('kind');
      normalized = key(stringifyEntityRef(parsed));
    } catch {
      throw new InputError(
        `Invalid query parameter "${param}": expected a catalog ${kind} entity ref, e.g. ${kind}:default/${kind === 'user' ? 'jane.doe' : 'team-a'}`,
      );
    }
    const data = await this.#current();
    if (!data)
      throw new ServiceUnavailableError(
        `The catalog could not be read to resolve "${param}"; try again shortly`,
      );
    const users = kind === 'user' ? [normalized] : [...(data.membersByGroup.get(normalized) ?? [])];
    return users.flatMap((user) => data.emailsByUser.get(user) ?? []);
  }

  async #current(): Promise<Snapshot | undefined> {
    const { now, firstLoadWaitMs } = this.#options;
    const stale = !this.#snapshot || now() - this.#snapshot.at > this.#snapshot.ttl;
    // After a failure, wait a minute before the next try.
    const backingOff = this.#failedAt !== undefined && now() - this.#failedAt < 60_000;
    if (stale && !this.#loading && !backingOff) {
      this.#loading = this.#load().finally(() => {
        this.#loading = undefined;
      });
    }
    if (!this.#snapshot && this.#loading) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.#loading,
        new Promise((resolve) => {
          timer = setTimeout(resolve, firstLoadWaitMs);
        }),
      ]);
      clearTimeout(timer);
    }
    return this.#snapshot?.data;
  }

  async #load(): Promise<void> {
    try {
      const users = await this.#all('User', ['spec.profile.email']);
      const groups = await this.#all('Group', []);
      const data: Snapshot = {
        refByEmail: new Map(),
        emailsByUser: new Map(),
        membersByGroup: new Map(),
      };
      const member = (group: string, user: string) => {
        const set = data.membersByGroup.get(key(group)) ?? new Set<string>();
        set.add(key(user));
        data.membersByGroup.set(key(group), set);
      };
      for (const user of users) {
        const ref = stringifyEntityRef(user);
        const email = (user.spec?.profile as { email?: unknown } | undefined)?.email;
        if (typeof email === 'string' && email.length > 0) {
          data.emailsByUser.set(key(ref), [email.toLowerCase()]);
          if (!data.refByEmail.has(email.toLowerCase()))
            data.refByEmail.set(email.toLowerCase(), ref);
        }
        for (const relation of user.relations ?? [])
          if (relation.type === 'memberOf') member(relation.targetRef, ref);
      }
      for (const group of groups)
        for (const relation of group.relations ?? [])
          if (relation.type === 'hasMember') member(stringifyEntityRef(group), relation.targetRef);
      // No User yet (the catalog may still be processing its locations): look again soon.
      const ttl = users.length > 0 ? this.#options.ttlMs : Math.min(this.#options.ttlMs, 15_000);
      this.#snapshot = { at: this.#options.now(), ttl, data };
      this.#failedAt = undefined;
    } catch (error) {
      this.#failedAt = this.#options.now();
      this.#options.logger.warn(
        `audit-logs: could not read Users and Groups from the catalog (actor links and the user/group filters wait for it): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async #all(kind: 'User' | 'Group', fields: string[]): Promise<Entity[]> {
    const credentials = await this.#options.auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    let cursor: string | undefined;
    do {
      const response = await this.#options.catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE }
          : {
              filter: { kind },
              fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations', ...fields],
              limit: PAGE,
            },
        { credentials },
      );
      entities.push(...response.items);
      cursor = response.pageInfo.nextCursor;
    } while (cursor);
    return entities;
  }
}
