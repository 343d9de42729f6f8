// Reads and writes Prisma's migrations folder format (<timestamp>_<name>/migration.sql +
// migration_lock.toml) so `prisma migrate deploy` stays valid where the native engine exists.
// Each migration also keeps the schema it was diffed to (schema.prisma beside migration.sql):
// the WASM engine cannot diff from a live database, so the next migration diffs from that copy.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';

export const SCHEMA_SNAPSHOT_FILE = 'schema.prisma';

export function migrationDirectoryNames(migrationsDir: string): string[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(migrationsDir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();
}

export function loadMigrationList(migrationsDir: string): MigrationList {
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: migrationDirectoryNames(migrationsDir).map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  } as MigrationList;
}

/** The schema text the newest migration was generated from, or null for the first migration. */
export function latestSchemaSnapshot(migrationsDir: string): string | null {
  const names = migrationDirectoryNames(migrationsDir);
  const last = names[names.length - 1];
  if (!last) return null;
  const path = join(migrationsDir, last, SCHEMA_SNAPSHOT_FILE);
  if (!existsSync(path)) throw new Error(`migration ${last} has no ${SCHEMA_SNAPSHOT_FILE} snapshot to diff from`);
  return readFileSync(path, 'utf8');
}
