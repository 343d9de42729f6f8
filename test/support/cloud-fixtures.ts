/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Small builders over the public Org/IAM/CMK APIs, so tests read as scenarios.
import assert from 'node:assert/strict';
import type { ApiHarness, Tenant } from './api-harness';
import type { Credentials, HttpResult } from './http-client';
import { assertConformsToSpec } from './openapi-validator';

export type RequestOptions = Parameters<ApiHarness['request']>[2];

/** A request whose response must also validate against Confluent's OpenAPI document for its path. */
export async function specRequest<T = any>(
  api: ApiHarness,
  method: string,
  path: string,
  opts?: RequestOptions,
): Promise<HttpResult<T>> {
  const res = await api.request<T>(method, path, opts);
  assertConformsToSpec(method, path, res);
  return res;
}

export function expectStatus(res: HttpResult, status: number, what = ''): void {
  assert.equal(res.status, status, `${what} expected ${status}, got ${res.status}: ${res.text}`);
}

/** Confluent's "Failure" body: errors[] with string status, code, title, detail, source. */
export function assertFailure(
  res: HttpResult,
  status: number,
  source?: { pointer?: string; parameter?: string },
): Record<string, any> {
  expectStatus(res, status);
  assert.ok(res.headers.get('x-request-id'), 'X-Request-Id on an error response');
  assert.ok(Array.isArray(res.body?.errors) && res.body.errors.length >= 1, `errors[] in ${res.text}`);
  const e = res.body.errors[0];
  assert.equal(e.status, String(status));
  assert.equal(typeof e.code, 'string');
  assert.ok(e.code.length > 0);
  assert.equal(typeof e.title, 'string');
  assert.equal(typeof e.detail, 'string');
  assert.ok(e.detail.length > 0);
  assert.equal(typeof e.source, 'object');
  if (source?.pointer !== undefined) assert.equal(e.source.pointer, source.pointer, `source.pointer in ${res.text}`);
  if (source?.parameter !== undefined)
    assert.equal(e.source.parameter, source.parameter, `source.parameter in ${res.text}`);
  return e;
}

export async function createEnvironment(api: ApiHarness, auth: Credentials, name = 'env'): Promise<string> {
  const res = await api.request('POST', '/org/v2/environments', { auth, body: { display_name: name } });
  expectStatus(res, 201, 'create environment');
  return res.body.id;
}

export async function createServiceAccount(
  api: ApiHarness,
  auth: Credentials,
  name: string,
  description = '',
): Promise<string> {
  const res = await api.request('POST', '/iam/v2/service-accounts', {
    auth,
    body: { display_name: name, description },
  });
  expectStatus(res, 201, 'create service account');
  return res.body.id;
}

export async function createApiKey(
  api: ApiHarness,
  auth: Credentials,
  owner: string,
  resource = 'cloud',
  environment?: string,
): Promise<Credentials & { id: string }> {
  const res = await api.request('POST', '/iam/v2/api-keys', {
    auth,
    body: {
      spec: {
        display_name: `key-${owner}`,
        owner: { id: owner },
        resource: { id: resource, ...(environment ? { environment } : {}) },
      },
    },
  });
  expectStatus(res, 202, 'create api key');
  return { id: res.body.id, key: res.body.id, secret: res.body.spec.secret };
}

export function clusterBody(envId: string, name = 'kc', extra: Record<string, unknown> = {}) {
  return {
    spec: {
      display_name: name,
      availability: 'SINGLE_ZONE',
      cloud: 'GCP',
      region: 'us-west4',
      config: { kind: 'Basic' },
      environment: { id: envId },
      ...extra,
    },
  };
}

export async function createCluster(api: ApiHarness, auth: Credentials, envId: string, name = 'kc'): Promise<string> {
  const res = await api.request('POST', '/cmk/v2/clusters', { auth, body: clusterBody(envId, name) });
  expectStatus(res, 202, 'create cluster');
  return res.body.id;
}

export async function bindRole(
  api: ApiHarness,
  t: Tenant,
  saId: string,
  role: string,
  crnPattern: string,
): Promise<string> {
  const res = await api.request('POST', '/iam/v2/role-bindings', {
    auth: t.admin,
    body: { principal: `User:${saId}`, role_name: role, crn_pattern: crnPattern },
  });
  expectStatus(res, 201, `bind ${role}`);
  return res.body.id;
}

export const crnOf = {
  org: (org: string) => `crn://confluent.cloud/organization=${org}`,
  env: (org: string, env: string) => `crn://confluent.cloud/organization=${org}/environment=${env}`,
  cluster: (org: string, env: string, lkc: string) =>
    `crn://confluent.cloud/organization=${org}/environment=${env}/cloud-cluster=${lkc}`,
};
