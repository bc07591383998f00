import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';

/** The PostgreSQL server for tests (a superuser connection string). `.ci/run` sets it. */
export const POSTGRES_URL_ENV = 'AUDIT_LOGS_TEST_POSTGRES_URL';

/**
 * The PostgreSQL connection string, or undefined to skip locally. In CI a missing server is a
 * failure, never a silent skip.
 */
export function postgresUrl(): string | undefined {
  const url = process.env[POSTGRES_URL_ENV];
  if (!url && process.env.CI)
    throw new Error(
      `${POSTGRES_URL_ENV} must be set in CI (.ci/run starts PostgreSQL and sets it)`,
    );
  if (!url) console.warn(`${POSTGRES_URL_ENV} is not set: PostgreSQL tests are skipped locally`);
  return url;
}

export interface TestDatabase {
  knex: Knex;
  /** Connection string of the fresh database. */
  url: string;
  destroy(): Promise<void>;
}

/** A fresh, empty PostgreSQL database on the test server; `destroy` drops it. */
export async function createPostgresDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `audit_logs_test_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const knex = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 5 } });
  return {
    knex,
    url: url.toString(),
    async destroy() {
      await knex.destroy();
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}

/** A fresh in-memory SQLite database (better-sqlite3, as Backstage uses by default). */
export function createSqliteDatabase(): TestDatabase {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  return { knex, url: ':memory:', destroy: () => knex.destroy() };
}
