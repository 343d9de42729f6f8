import { Client } from 'pg';
import { openSchemaEngine } from './schema-engine';
import { loadMigrationList } from './migrations-folder';

const NO_FILTER = { externalTables: [], externalEnums: [] };
// Serializes concurrent `migrate` runs (several processes starting at once) on one database
// (advisory lock keys are per database); exported for the test that holds it.
export const MIGRATE_LOCK_KEY = 0x6370_6d67; // "cpmg"

/** Creates the database named in `url` if it does not exist yet (connects to `postgres` to do it). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!dbName) throw new Error(`DATABASE_URL has no database name: ${url}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`);
      } catch (err) {
        // Another process created it between our check and our CREATE: 42P04 once its row is
        // visible, 23505 on pg_database's name index while both CREATEs are in flight.
        const code = (err as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw err;
      }
    }
  } finally {
    await client.end();
  }
}

/** Applies every unapplied migration of `migrationsDir`; returns the names applied now. */
export async function migrateDatabase(
  url: string,
  migrationsDir: string,
  schemaPath: string,
  schemaText: string,
): Promise<string[]> {
  await ensureDatabase(url);
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
    const handle = await openSchemaEngine(url, schemaPath, schemaText);
    try {
      const out = await handle.engine.applyMigrations({
        migrationsList: loadMigrationList(migrationsDir),
        filters: NO_FILTER,
      });
      return out.appliedMigrationNames;
    } finally {
      await handle.close();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}

/** SQL that takes a database from schema `from` (null = empty) to schema `to`. No database is touched. */
export async function diffSchemas(url: string, from: string | null, to: string): Promise<string> {
  await ensureDatabase(url);
  const handle = await openSchemaEngine(url, 'schema.prisma', to);
  try {
    const result = await handle.engine.diff({
      from:
        from === null
          ? { tag: 'empty' }
          : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: from }] },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: to }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return result.stdout ?? '';
  } finally {
    await handle.close();
  }
}
