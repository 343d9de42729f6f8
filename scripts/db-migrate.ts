// `npm run db:migrate`: creates the database if needed and applies pending migrations.
import { readFileSync } from 'node:fs';
import { migrateDatabase } from '@libs/db-migrations';
import { databaseUrl } from './database-url';
import { MIGRATIONS_DIR, SCHEMA_PATH } from './paths';

migrateDatabase(databaseUrl(), MIGRATIONS_DIR, SCHEMA_PATH, readFileSync(SCHEMA_PATH, 'utf8'))
  .then((applied) => {
    console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');
  })
  .catch((err) => {
    console.error(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
