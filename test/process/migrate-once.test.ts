// Issue 20 point 3: migrations run exactly once when several processes start at the same moment.
// Real `npm run db:migrate` processes (scripts/db-migrate.ts → migrateDatabase: ensureDatabase, then
// the schema engine under a Postgres advisory lock) on a fresh database of the test server: one
// applies every migration, the others wait for the lock and then find nothing to do.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Client } from 'pg';
import { MIGRATE_LOCK_KEY } from '@libs/db-migrations';
import { MIGRATIONS_DIR } from '../../scripts/paths';
import { TEST_DATABASE_URL } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const MIGRATORS = 3;
const MIGRATIONS = readdirSync(MIGRATIONS_DIR)
  .filter((d) => statSync(join(MIGRATIONS_DIR, d)).isDirectory())
  .sort();

const dbUrl = (name: string) => {
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

interface Run {
  code: number | null;
  out: string;
}

/** `npm run db:migrate` as a process (the script npm runs, through SWC), against `url`. */
function migrator(url: string): Promise<Run> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/db-migrate.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out: out.trim() })));
}

/** Exactly one run applied every migration, every other one found the database up to date. */
function assertAppliedOnce(runs: Run[]): void {
  const report = runs.map((r, i) => `#${i} exit ${r.code}: ${r.out}`).join('\n');
  assert.ok(
    runs.every((r) => r.code === 0),
    report,
  );
  const applied = runs.filter((r) => r.out.startsWith('applied migrations:'));
  assert.equal(applied.length, 1, report);
  assert.equal(applied[0].out, `applied migrations: ${MIGRATIONS.join(', ')}`);
  assert.equal(runs.filter((r) => r.out === 'database is up to date').length, runs.length - 1, report);
}

async function assertRecordedOnce(url: string): Promise<void> {
  const rows = await withClient(url, async (c) =>
    c.query<{ migration_name: string; finished: boolean; rolled_back: boolean }>(
      `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
         FROM _prisma_migrations ORDER BY migration_name`,
    ),
  );
  assert.deepEqual(
    rows.rows.map((r) => r.migration_name),
    MIGRATIONS,
    'each migration recorded once',
  );
  assert.ok(rows.rows.every((r) => r.finished && !r.rolled_back));
}

describe('migrations: several processes migrating at the same moment', () => {
  const created: string[] = [];
  const freshName = () => {
    const name = `cp_migrate_once_${randomBytes(4).toString('hex')}`;
    created.push(name);
    return name;
  };

  after(async () => {
    await withClient(dbUrl('postgres'), async (c) => {
      for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  });

  it(`${MIGRATORS} migrators on a database that does not exist yet: created once, migrated once`, async () => {
    const url = dbUrl(freshName());
    const runs = await Promise.all(Array.from({ length: MIGRATORS }, () => migrator(url)));
    assertAppliedOnce(runs);
    await assertRecordedOnce(url);
  });

  it('the others wait on the advisory lock while one holds it, then see nothing to do', async () => {
    const name = freshName();
    const url = dbUrl(name);
    await withClient(dbUrl('postgres'), (c) => c.query(`CREATE DATABASE "${name}"`));
    // The test holds the lock first, so every migrator is provably waiting before any can migrate.
    const holder = new Client({ connectionString: url });
    await holder.connect();
    let released = false;
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
      const pending = Array.from({ length: MIGRATORS }, () => migrator(url));
      await waitFor(
        `${MIGRATORS} migrators waiting on the migrate lock`,
        async () => {
          const r = await holder.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
              WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = $1 AND l.objid = $2`,
            [name, MIGRATE_LOCK_KEY],
          );
          return r.rows[0].n === MIGRATORS;
        },
        60_000,
        100,
      );
      const table = await holder.query(`SELECT to_regclass('_prisma_migrations') AS t`);
      assert.equal(table.rows[0].t, null, 'nothing migrated while the lock is held');
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]);
      released = true;
      assertAppliedOnce(await Promise.all(pending));
      await assertRecordedOnce(url);
    } finally {
      if (!released) await holder.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      await holder.end();
    }
  });
});
