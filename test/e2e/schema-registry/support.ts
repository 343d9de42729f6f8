/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Shared set-up for the Schema Registry e2e tests: the API, a tenant with an environment, that
// environment's registry (found through SRCM v3) and an SR API key for it.
import assert from 'node:assert/strict';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import { createApiKey, createEnvironment, expectStatus } from '../../support/cloud-fixtures';
import type { Credentials, HttpResult } from '../../support/http-client';
import { assertSrSpec, assertSrcmSpec } from './sr-spec';

export interface SrEnv {
  api: ApiHarness;
  tenant: Tenant;
  envId: string;
  lsrc: string;
  key: Credentials & { id: string };
  /** A request to the SR API with this env's key; the response is validated against the SR spec. */
  sr<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts?: { headers?: Record<string, string>; auth?: Credentials; noSpec?: boolean },
  ): Promise<HttpResult<T>>;
}

export async function srcmCluster(api: ApiHarness, auth: Credentials, envId: string): Promise<any> {
  const path = `/srcm/v3/clusters?environment=${envId}`;
  const res = await api.request('GET', path, { auth });
  expectStatus(res, 200, 'srcm list');
  assertSrcmSpec('GET', path, res);
  assert.equal(res.body.data.length, 1);
  return res.body.data[0];
}

/** One environment of `tenant` with its registry and an SR key. */
export async function newRegistry(
  api: ApiHarness,
  tenant: Tenant,
  name = 'sr',
): Promise<Omit<SrEnv, 'api' | 'tenant'>> {
  const envId = await createEnvironment(api, tenant.admin, name);
  const cluster = await srcmCluster(api, tenant.admin, envId);
  const lsrc = cluster.id as string;
  const key = await createApiKey(api, tenant.admin, tenant.adminServiceAccountId, lsrc, envId);
  const sr: SrEnv['sr'] = async (method, path, body, opts = {}) => {
    const res = await api.request(method, path, {
      auth: opts.auth ?? key,
      body,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/vnd.schemaregistry.v1+json' } : {}),
        ...(opts.headers ?? {}),
      },
    });
    if (!opts.noSpec) assertSrSpec(method, path, res);
    return res;
  };
  return { envId, lsrc, key, sr };
}

export async function startSr(): Promise<SrEnv> {
  const api = await startApi({ RATE_LIMIT_REQUESTS: '100000' });
  const tenant = await api.newTenant();
  return { api, tenant, ...(await newRegistry(api, tenant)) };
}

export function expectSrError(res: HttpResult, status: number, code: number, what = ''): void {
  assert.equal(res.status, status, `${what} expected ${status}/${code}, got ${res.status}: ${res.text}`);
  assert.equal(res.body?.error_code, code, `${what} error_code: ${res.text}`);
  assert.equal(typeof res.body?.message, 'string');
}

export const avroRecord = (name: string, fields: unknown[], namespace = 'io.example') =>
  JSON.stringify({ type: 'record', name, namespace, fields });
