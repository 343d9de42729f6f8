// Authentication failures on the cloud APIs, key deletion and tenant suspension across two API
// instances that share one Redis prefix (one deployment, two processes' worth of caches).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import {
  assertFailure,
  createApiKey,
  createCluster,
  createEnvironment,
  createServiceAccount,
  expectStatus,
} from '../../support/cloud-fixtures';
import type { Credentials } from '../../support/http-client';
import { assertConformsToSpec } from '../../support/openapi-validator';
import { waitFor } from '../../support/wait-for';

const CLOUD_PATHS = [
  '/org/v2/environments',
  '/org/v2/organizations',
  '/iam/v2/service-accounts',
  '/iam/v2/api-keys',
  '/iam/v2/role-bindings',
];

function assert401(res: Awaited<ReturnType<ApiHarness['request']>>, path: string): void {
  const e = assertFailure(res, 401);
  assert.equal(e.code, 'user_unauthenticated');
  assert.match(res.headers.get('www-authenticate') ?? '', /^Basic /, `WWW-Authenticate on 401 for ${path}`);
  assertConformsToSpec('GET', path, res);
}

describe('authentication', () => {
  let api: ApiHarness;
  let peer: ApiHarness;
  let t: Tenant;
  before(async () => {
    api = await startApi();
    peer = await startApi({}, { shareWith: api });
    t = await api.newTenant();
  });
  after(async () => {
    await peer.close();
    await api.close();
  });

  it('no header, malformed header, non-Basic scheme → 401 with WWW-Authenticate on every cloud API', async () => {
    const headers: (string | undefined)[] = [
      undefined,
      'Basic',
      'Basic !!!not-base64!!!',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      'Bearer abc.def.ghi',
      'garbage',
    ];
    for (const path of CLOUD_PATHS) {
      for (const auth of headers) assert401(await api.request('GET', path, { auth }), path);
    }
    const env401 = await api.request('GET', '/cmk/v2/clusters?environment=env-abcdef');
    assert401(env401, '/cmk/v2/clusters');
  });

  it('unknown key, wrong secret, empty or oversized secret → 401 "invalid key"', async () => {
    const cases: Credentials[] = [
      { key: 'AAAAAAAAAAAAAAAA', secret: 'x'.repeat(64) },
      // the last character changed (a secret may already end in X)
      { key: t.admin.key, secret: `${t.admin.secret.slice(0, -1)}${t.admin.secret.endsWith('X') ? 'Y' : 'X'}` },
      { key: t.admin.key, secret: '' },
      { key: t.admin.key, secret: 's'.repeat(10_000) },
      { key: 'lowercase-key', secret: t.admin.secret },
    ];
    for (const auth of cases) {
      const res = await api.request('GET', '/org/v2/environments', { auth });
      assert401(res, '/org/v2/environments');
      assert.ok(!res.text.includes(t.organizationId));
    }
    // Unknown key and wrong secret are indistinguishable on the wire.
    const unknown = await api.request('GET', '/org/v2/environments', { auth: cases[0] });
    const wrong = await api.request('GET', '/org/v2/environments', { auth: cases[1] });
    assert.equal(unknown.body.errors[0].detail, wrong.body.errors[0].detail);
    assert.equal(unknown.headers.get('www-authenticate'), wrong.headers.get('www-authenticate'));
  });

  it('a Kafka cluster (lkc) key cannot authenticate the cloud APIs', async () => {
    const env = await createEnvironment(api, t.admin, 'auth-env');
    const lkc = await createCluster(api, t.admin, env);
    const clusterKey = await createApiKey(api, t.admin, t.adminServiceAccountId, lkc, env);
    for (const path of CLOUD_PATHS) assert401(await api.request('GET', path, { auth: clusterKey }), path);
    assert401(
      await api.request('GET', `/cmk/v2/clusters?environment=${env}`, { auth: clusterKey }),
      '/cmk/v2/clusters',
    );
  });

  it('a deleted key stops working at once, on this and on a second API instance', async () => {
    const sa = await createServiceAccount(api, t.admin, 'short-lived');
    await api.request('POST', '/iam/v2/role-bindings', {
      auth: t.admin,
      body: {
        principal: `User:${sa}`,
        role_name: 'OrganizationAdmin',
        crn_pattern: `crn://confluent.cloud/organization=${t.organizationId}`,
      },
    });
    const key = await createApiKey(api, t.admin, sa);
    // Both instances have verified (and cached) the key.
    expectStatus(await api.request('GET', '/org/v2/environments', { auth: key }), 200);
    expectStatus(await peer.request('GET', '/org/v2/environments', { auth: key }), 200);
    expectStatus(await api.request('DELETE', `/iam/v2/api-keys/${key.id}`, { auth: t.admin }), 204);
    assert401(await api.request('GET', '/org/v2/environments', { auth: key }), '/org/v2/environments');
    // The peer hears the invalidation over Redis pub/sub; allow the message's flight time only.
    const started = Date.now();
    await waitFor(
      'peer rejects the deleted key',
      async () =>
        (await peer.request('GET', '/org/v2/environments', { auth: key })).status === 401 ? true : undefined,
      2_000,
      20,
    );
    assert.ok(Date.now() - started < 2_000);
    assert401(await peer.request('GET', '/org/v2/environments', { auth: key }), '/org/v2/environments');
  });

  it('deleting a service account kills its keys on both instances', async () => {
    const sa = await createServiceAccount(api, t.admin, 'doomed');
    const key = await createApiKey(api, t.admin, sa);
    // No role binding: authenticated but unauthorized (403), i.e. the key itself works.
    expectStatus(await peer.request('GET', '/iam/v2/service-accounts', { auth: key }), 403);
    expectStatus(await api.request('DELETE', `/iam/v2/service-accounts/${sa}`, { auth: t.admin }), 204);
    assert401(await api.request('GET', '/iam/v2/service-accounts', { auth: key }), '/iam/v2/service-accounts');
    await waitFor(
      'peer rejects',
      async () =>
        (await peer.request('GET', '/iam/v2/service-accounts', { auth: key })).status === 401 ? true : undefined,
      2_000,
      20,
    );
  });

  it('a suspended organization: its keys get 403 on both instances; resume → they work again', async () => {
    const victim = await api.newTenant();
    const other = await api.newTenant();
    expectStatus(await api.request('GET', '/org/v2/environments', { auth: victim.admin }), 200);
    expectStatus(await peer.request('GET', '/org/v2/environments', { auth: victim.admin }), 200);
    expectStatus(
      await api.request('POST', `/operator/v1/organizations/${victim.organizationId}/suspend`, { auth: api.operator }),
      200,
    );
    for (const h of [api, peer]) {
      const res = await waitFor(
        '403',
        async () => {
          const r = await h.request('GET', '/org/v2/environments', { auth: victim.admin });
          return r.status === 403 ? r : undefined;
        },
        2_000,
        20,
      );
      assertFailure(res, 403);
      assertConformsToSpec('GET', '/org/v2/environments', res);
      assertFailure(
        await h.request('POST', '/org/v2/environments', { auth: victim.admin, body: { display_name: 'x' } }),
        403,
      );
    }
    // Other tenants are untouched.
    expectStatus(await peer.request('GET', '/org/v2/environments', { auth: other.admin }), 200);
    expectStatus(
      await api.request('POST', `/operator/v1/organizations/${victim.organizationId}/resume`, { auth: api.operator }),
      200,
    );
    for (const h of [api, peer]) {
      await waitFor(
        '200 again',
        async () =>
          (await h.request('GET', '/org/v2/environments', { auth: victim.admin })).status === 200 ? true : undefined,
        2_000,
        20,
      );
    }
  });

  it('a new role binding takes effect on the peer at once', async () => {
    const sa = await createServiceAccount(api, t.admin, 'promoted');
    const key = await createApiKey(api, t.admin, sa);
    expectStatus(await peer.request('GET', '/iam/v2/service-accounts', { auth: key }), 403);
    const rb = await api.request('POST', '/iam/v2/role-bindings', {
      auth: t.admin,
      body: {
        principal: `User:${sa}`,
        role_name: 'OrganizationAdmin',
        crn_pattern: `crn://confluent.cloud/organization=${t.organizationId}`,
      },
    });
    expectStatus(rb, 201);
    await waitFor(
      'peer sees the binding',
      async () =>
        (await peer.request('GET', '/iam/v2/service-accounts', { auth: key })).status === 200 ? true : undefined,
      2_000,
      20,
    );
    expectStatus(await api.request('DELETE', `/iam/v2/role-bindings/${rb.body.id}`, { auth: t.admin }), 200);
    await waitFor(
      'peer drops the binding',
      async () =>
        (await peer.request('GET', '/iam/v2/service-accounts', { auth: key })).status === 403 ? true : undefined,
      2_000,
      20,
    );
  });
});
