import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Knex } from 'knex';

const PACKAGE = '@auditrelay/backstage-plugin-audit-logs-backend';

/** The shipped `migrations/` directory (plain JS, beside `dist/`). */
export function migrationsDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${PACKAGE}/package.json`)), 'migrations');
}

/** Brings the plugin's tables up to date; own bookkeeping table so modules can migrate too. */
export async function migrate(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDirectory(),
    tableName: 'audit_logs__knex_migrations',
    loadExtensions: ['.cjs'],
  });
}
