// Runs before `npm start` and `npm test`: generates the Prisma client when the schema changed and
// applies pending migrations. Needs no network: the WASM schema engine does the migrating.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateDatabase } from '@libs/db-migrations';
import { openApiTypesAreStale } from './gen-openapi-types';
import { databaseUrl } from './database-url';
import { MIGRATIONS_DIR, ROOT, SCHEMA_PATH } from './paths';

function generateClientIfStale(): void {
  const schema = readFileSync(SCHEMA_PATH, 'utf8');
  const hash = createHash('sha256').update(schema).digest('hex');
  const stamp = join(ROOT, 'generated', 'prisma', '.schema-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  // `prisma generate` insists on a schema-engine binary it never runs for the Rust-free client.
  const r = spawnSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
  if (r.status !== 0) throw new Error('prisma generate failed');
  writeFileSync(stamp, hash);
}

/** generated/openapi/api.d.ts (types of our /openapi.json for typed clients and their tests), when missing or stale. */
function generateOpenApiTypesIfStale(): void {
  if (!openApiTypesAreStale()) return;
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'run.js'), join(ROOT, 'scripts', 'gen-openapi-types.ts')],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: process.env,
    },
  );
  if (r.status !== 0) throw new Error('gen-openapi-types failed');
}

async function main(): Promise<void> {
  generateClientIfStale();
  const applied = await migrateDatabase(databaseUrl(), MIGRATIONS_DIR, SCHEMA_PATH, readFileSync(SCHEMA_PATH, 'utf8'));
  if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);
  generateOpenApiTypesIfStale();
}

main().catch((err) => {
  console.error(`setup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
