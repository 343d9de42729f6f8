/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
import type { INestApplication } from '@nestjs/common';
import { OrgScope } from '@libs/db';
import { freePort } from './free-port';
import { http, type Credentials, type HttpResult } from './http-client';
import { applyTestEnv, OPERATOR } from './test-env';

export interface Tenant {
  organizationId: string;
  /** For tests that read or seed the tenant's rows through its repositories. */
  scope: OrgScope;
  adminServiceAccountId: string;
  admin: Credentials;
}

export interface ApiHarness {
  baseUrl: string;
  /** REDIS_PREFIX and DATA_DIR of this instance; pass the harness as `shareWith` to start a peer instance. */
  redisPrefix: string;
  dataDir: string;
  app: INestApplication;
  request<T = any>(
    method: string,
    path: string,
    opts?: { auth?: Credentials | string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<HttpResult<T>>;
  operator: Credentials;
  /** A fresh organization with its admin cloud key, onboarded through the operator API. */
  newTenant(name?: string): Promise<Tenant>;
  close(): Promise<void>;
}

export interface StartOptions {
  /**
   * Another instance of the same deployment: reuse its REDIS_PREFIX (so key invalidations, role-binding
   * changes and rate-limit counters are shared) and its DATA_DIR (same dev secrets key).
   */
  shareWith?: Pick<ApiHarness, 'redisPrefix' | 'dataDir'>;
}

/** Boots the real API (real Postgres, real Redis) on a free port in this test process. */
export async function startApi(extraEnv: Record<string, string> = {}, options: StartOptions = {}): Promise<ApiHarness> {
  const port = await freePort();
  const shared: Record<string, string> = options.shareWith
    ? { REDIS_PREFIX: options.shareWith.redisPrefix, DATA_DIR: options.shareWith.dataDir }
    : {};
  applyTestEnv({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...shared, ...extraEnv });
  const redisPrefix = process.env.REDIS_PREFIX as string;
  const dataDir = process.env.DATA_DIR as string;
  // Imported after the environment is set: configuration is read at module creation.
  const { createApiApp } = await import('../../apps/api/src/create-api-app');
  const app = await createApiApp();
  await app.listen(port, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  const request: ApiHarness['request'] = (method, path, opts) => http(baseUrl, method, path, opts);
  let n = 0;
  return {
    baseUrl,
    redisPrefix,
    dataDir,
    app,
    request,
    operator: OPERATOR,
    async newTenant(name = `t${process.pid}-${++n}`) {
      const res = await request('POST', '/operator/v1/organizations', {
        auth: OPERATOR,
        body: { display_name: name.slice(0, 31) },
      });
      if (res.status !== 201) throw new Error(`onboarding failed: ${res.status} ${res.text}`);
      return {
        organizationId: res.body.id,
        scope: OrgScope.forPlatform(res.body.id),
        adminServiceAccountId: res.body.admin.service_account.id,
        admin: { key: res.body.admin.api_key.id, secret: res.body.admin.api_key.secret },
      };
    },
    async close() {
      await app.close();
    },
  };
}
