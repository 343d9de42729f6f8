import { join } from 'node:path';

export const ROOT = join(__dirname, '..');
export const SCHEMA_PATH = join(ROOT, 'prisma', 'schema.prisma');
export const MIGRATIONS_DIR = join(ROOT, 'prisma', 'migrations');
