import { join } from 'node:path';

export const ROOT = join(__dirname, '..');
export const SCHEMA_PATH = join(ROOT, 'prisma', 'schema.prisma');
export const MIGRATIONS_DIR = join(ROOT, 'prisma', 'migrations');
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/connectplane';

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}
