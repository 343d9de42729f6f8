import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/connectplane_test';
export const OPERATOR = { key: 'operator-test', secret: 'operator-test-secret-0123456789' };

/** Environment for one test process: own Redis prefix and data dir, shared (migrated) test database. */
export function applyTestEnv(extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    NODE_ENV: 'test',
    // CounterSource / CollectSink: registered by this process and the workers it spawns only
    CONNECT_TEST_PLUGINS: 'true',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_PREFIX: `cptest:${randomBytes(4).toString('hex')}:`,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cp-test-')),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    OPERATOR_API_KEY: OPERATOR.key,
    OPERATOR_API_SECRET: OPERATOR.secret,
    API_KEY_PEPPER: 'test-pepper-0123456789abcdef0123456789abcdef',
    ...extra,
  });
}
