// Bad input on the cloud APIs that used to reach Prisma or the runtime and answer 500 (or be
// accepted): nulls in PATCH bodies, repeated CRN segments, unknown connector classes, non-string
// connector configs in the transform preview. Each answers a 4xx in the family's own format.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, type ApiHarness } from '../../support/api-harness';
import {
  assertFailure,
  createApiKey,
  createCluster,
  createEnvironment,
  createServiceAccount,
  crnOf,
} from '../../support/cloud-fixtures';
import { assertConnectError, connectTenant, registerTestPlugins, type ConnectTenant } from '../connect-api/support';

describe('bad input on the cloud APIs', () => {
  let api: ApiHarness;
  let t: ConnectTenant;
  let sa: string;
  before(async () => {
    api = await startApi();
    registerTestPlugins(api);
    t = await connectTenant(api);
    sa = await createServiceAccount(api, t.admin, 'bad-input-sa', 'keeps its description');
  });
  after(() => api.close());

  it('null for an optional field in a PATCH → 400 naming the field (not a 500 from the database)', async () => {
    const env = await createEnvironment(api, t.admin, 'nulls');
    const lkc = await createCluster(api, t.admin, env, 'nulls');
    const key = await createApiKey(api, t.admin, sa);
    const cases: Array<[string, unknown, string]> = [
      [`/org/v2/environments/${env}`, { display_name: null }, '/display_name'],
      [`/org/v2/environments/${env}`, { stream_governance_config: null }, '/stream_governance_config'],
      [`/org/v2/organizations/${t.organizationId}`, { display_name: null }, '/display_name'],
      [`/org/v2/organizations/${t.organizationId}`, { jit_enabled: null }, '/jit_enabled'],
      [`/iam/v2/service-accounts/${sa}`, { description: null }, '/description'],
      [`/iam/v2/service-accounts/${sa}`, { display_name: null }, '/display_name'],
      [`/iam/v2/api-keys/${key.id}`, { spec: { display_name: null } }, '/spec/display_name'],
      [`/iam/v2/api-keys/${key.id}`, { spec: { description: null } }, '/spec/description'],
      [`/cmk/v2/clusters/${lkc}`, { spec: { display_name: null, environment: { id: env } } }, '/spec/display_name'],
      [`/cmk/v2/clusters/${lkc}`, { spec: { availability: null, environment: { id: env } } }, '/spec/availability'],
    ];
    for (const [path, body, pointer] of cases) {
      const res = await api.request('PATCH', path, { auth: t.admin, body });
      assertFailure(res, 400, { pointer });
    }
    // Nothing was changed by the refused requests.
    const got = await api.request('GET', `/iam/v2/service-accounts/${sa}`, { auth: t.admin });
    assert.equal(got.body.description, 'keeps its description');
  });

  it('a lone UTF-16 surrogate in a JSON body (no UTF-8 form) → 400 at the body parser, not a database error', async () => {
    for (const [method, path] of [
      ['POST', '/org/v2/environments'],
      ['PUT', `${t.base}/connectors/surrogate/config`],
    ] as const) {
      const res = await api.request(method, path, { auth: t.admin, rawBody: '{"display_name":"a\\ud800b"}' });
      assert.equal(res.status, 400, `${method} ${path}: ${res.text}`);
    }
  });

  it('a body nested 2,000 levels deep → 400, not a stack overflow in the DTO transform', async () => {
    const deep = `{"display_name":"x","a":${'['.repeat(2000)}${']'.repeat(2000)}}`;
    for (const [method, path] of [
      ['POST', '/org/v2/environments'],
      ['POST', '/cmk/v2/clusters'],
      ['POST', '/iam/v2/service-accounts'],
    ] as const) {
      const res = await api.request(method, path, { auth: t.admin, rawBody: deep });
      assertFailure(res, 400);
    }
  });

  it('a role-binding crn_pattern that repeats a segment → 400 on /crn_pattern', async () => {
    const org = t.organizationId;
    const other = await createEnvironment(api, t.admin, 'other');
    const patterns: Array<[string, string]> = [
      ['EnvironmentAdmin', `${crnOf.env(org, t.env)}/environment=${other}`],
      ['EnvironmentAdmin', `${crnOf.org(org)}/organization=${org}/environment=${t.env}`],
      ['CloudClusterAdmin', `${crnOf.cluster(org, t.env, t.lkc)}/cloud-cluster=${t.lkc}`],
      ['CloudClusterAdmin', `${crnOf.cluster(org, t.env, t.lkc)}/kafka=lkc-other1`],
      ['EnvironmentAdmin', `${crnOf.env(org, t.env)}=extra`],
    ];
    for (const [role_name, crn_pattern] of patterns) {
      const res = await api.request('POST', '/iam/v2/role-bindings', {
        auth: t.admin,
        body: { principal: `User:${sa}`, role_name, crn_pattern },
      });
      assertFailure(res, 400, { pointer: '/crn_pattern' });
    }
  });

  it('an unknown connector.class → 400 listing the plugins (create, PUT config, validate, preview)', async () => {
    const req = (method: string, path: string, body?: unknown) =>
      api.request(method, `${t.base}${path}`, { auth: t.admin, body });
    const list =
      /^Failed to find any class that implements Connector and which name matches NoSuchConnector, available connectors are: .*SecretSource/;
    // The class is resolved before any other check: no credentials or plugin settings are needed.
    const bad = (name: string) => ({ 'connector.class': 'NoSuchConnector', name, 'tasks.max': '1' });
    assertConnectError(await req('POST', '/connectors', { name: 'u1', config: bad('u1') }), 400, list);
    assertConnectError(await req('PUT', '/connectors/u1/config', bad('u1')), 400, list);
    assertConnectError(
      await req('PUT', '/connector-plugins/SecretSource/config/validate', { 'connector.class': 'NoSuchConnector' }),
      400,
    );
    assertConnectError(
      await req('POST', '/connectors/preview', {
        config: { 'connector.class': 'NoSuchConnector' },
        records: [{ value: 'x' }],
      }),
      400,
      list,
    );
  });

  it('the transform preview refuses non-string config values (config.topics as an object) with 400', async () => {
    for (const topics of [{ a: 1 }, ['a', 'b'], { toString: 'x' }]) {
      const res = await api.request('POST', `${t.base}/connectors/preview`, {
        auth: t.admin,
        body: { config: { 'connector.class': 'TestSink', topics }, records: [{ value: 'x' }] },
      });
      assertConnectError(res, 400, /connector config "topics" must be a string/);
    }
  });
});
