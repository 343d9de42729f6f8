// The migrations folder, applied to an empty database, yields exactly the schema schema.prisma
// describes (compared catalog to catalog against a database built straight from schema.prisma).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { diffSchemas, latestSchemaSnapshot, migrateDatabase } from '@libs/db-migrations';

const ROOT = join(__dirname, '..', '..');
const SCHEMA_PATH = join(ROOT, 'prisma', 'schema.prisma');
const MIGRATIONS = join(ROOT, 'prisma', 'migrations');
const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/connectplane_test');
const suffix = randomBytes(3).toString('hex');
const dbUrl = (name: string) => Object.assign(new URL(base.toString()), { pathname: `/${name}` }).toString();
const migratedDb = `cp_drift_migrated_${suffix}`;
const directDb = `cp_drift_direct_${suffix}`;

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const CATALOG_QUERIES = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
  constraints: `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"') ORDER BY 1, 2`,
  enums: `SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY 1, 3`,
};

async function catalog(url: string): Promise<Record<string, unknown[]>> {
  return withClient(url, async (c) => {
    const out: Record<string, unknown[]> = {};
    for (const [k, q] of Object.entries(CATALOG_QUERIES)) out[k] = (await c.query(q)).rows;
    return out;
  });
}

describe('migrations', () => {
  const schema = readFileSync(SCHEMA_PATH, 'utf8');

  before(async () => {
    await migrateDatabase(dbUrl(migratedDb), MIGRATIONS, SCHEMA_PATH, schema);
    const sql = await diffSchemas(dbUrl(directDb), null, schema);
    await withClient(dbUrl(directDb), (c) => c.query(sql));
  });

  after(async () => {
    await withClient(dbUrl('postgres'), async (c) => {
      for (const db of [migratedDb, directDb]) await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    });
  });

  it('the newest migration was generated from the current schema.prisma', () => {
    assert.equal(
      latestSchemaSnapshot(MIGRATIONS),
      schema,
      'schema.prisma changed without `npm run db:migration:new -- <name>`',
    );
  });

  it('the migrated database matches schema.prisma (no drift)', async () => {
    const [migrated, direct] = await Promise.all([catalog(dbUrl(migratedDb)), catalog(dbUrl(directDb))]);
    assert.ok((migrated.columns ?? []).length > 10, 'migrations created the tables');
    assert.deepEqual(migrated, direct);
  });

  it('applying again is a no-op', async () => {
    assert.deepEqual(await migrateDatabase(dbUrl(migratedDb), MIGRATIONS, SCHEMA_PATH, schema), []);
  });
});
