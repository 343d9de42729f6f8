import { parseEnv } from '@libs/config';

/** DATABASE_URL through the config schema (validated, with its default). */
export function databaseUrl(): string {
  return parseEnv().DATABASE_URL;
}
