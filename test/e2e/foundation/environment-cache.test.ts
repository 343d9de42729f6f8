// GET /org/v2/environments/{id} reads through a per-process cache (EnvironmentCache): a rename or a
// delete on one API instance is seen at once there and, after the Redis eviction's flight time, on a
// second instance of the same deployment that had the old row cached.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import { assertFailure, createEnvironment, expectStatus } from '../../support/cloud-fixtures';
import { waitFor } from '../../support/wait-for';

describe('environment reads across instances', () => {
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

  const nameOn = async (instance: ApiHarness, id: string) =>
    (await instance.request('GET', `/org/v2/environments/${id}`, { auth: t.admin })).body.display_name as string;

  it('a rename is seen at once on this instance and on the peer', async () => {
    const id = await createEnvironment(api, t.admin, 'before');
    assert.equal(await nameOn(api, id), 'before');
    assert.equal(await nameOn(peer, id), 'before');
    const patched = await api.request('PATCH', `/org/v2/environments/${id}`, {
      auth: t.admin,
      body: { display_name: 'after' },
    });
    expectStatus(patched, 200);
    assert.equal(await nameOn(api, id), 'after');
    await waitFor(
      'peer sees the new name',
      async () => ((await nameOn(peer, id)) === 'after' ? true : undefined),
      2_000,
      20,
    );
  });

  it('a deleted environment is 404 at once on this instance and on the peer', async () => {
    const id = await createEnvironment(api, t.admin, 'doomed');
    expectStatus(await api.request('GET', `/org/v2/environments/${id}`, { auth: t.admin }), 200);
    expectStatus(await peer.request('GET', `/org/v2/environments/${id}`, { auth: t.admin }), 200);
    expectStatus(await peer.request('DELETE', `/org/v2/environments/${id}`, { auth: t.admin }), 204);
    assertFailure(await peer.request('GET', `/org/v2/environments/${id}`, { auth: t.admin }), 404);
    await waitFor(
      'this instance forgets the deleted environment',
      async () =>
        (await api.request('GET', `/org/v2/environments/${id}`, { auth: t.admin })).status === 404 ? true : undefined,
      2_000,
      20,
    );
    assertFailure(await api.request('GET', `/org/v2/environments/${id}`, { auth: t.admin }), 404);
  });

  it('another tenant cannot read a cached environment', async () => {
    const id = await createEnvironment(api, t.admin, 'mine');
    expectStatus(await api.request('GET', `/org/v2/environments/${id}`, { auth: t.admin }), 200);
    const other = await api.newTenant();
    assertFailure(await api.request('GET', `/org/v2/environments/${id}`, { auth: other.admin }), 404);
  });
});
