// `migrate`: creates the database if needed and applies pending migrations under the advisory lock
// (several containers starting at once apply them exactly once), then exits; the compiled twin of
// `npm run db:migrate` (scripts/db-migrate.ts), which needs the TypeScript toolchain the image has not.
'use strict';
/* global require, process, __dirname, console -- CommonJS run by node in the image; eslint.config.mjs lints *.js as modules */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, runs the compiled dist/ */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { migrateDatabase } = require('../../dist/libs/db-migrations/src');
const { parseEnv } = require('../../dist/libs/config/src');

const root = join(__dirname, '..', '..');
const schemaPath = join(root, 'prisma', 'schema.prisma');
migrateDatabase(
  parseEnv().DATABASE_URL,
  join(root, 'prisma', 'migrations'),
  schemaPath,
  readFileSync(schemaPath, 'utf8'),
)
  .then((applied) => {
    console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');
  })
  .catch((err) => {
    console.error(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
