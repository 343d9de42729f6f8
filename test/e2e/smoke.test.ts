import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, type ApiHarness, type Tenant } from '../support/api-harness';

describe('API smoke', () => {
  let api: ApiHarness;
  let t: Tenant;
  before(async () => {
    api = await startApi();
    t = await api.newTenant();
  });
  after(() => api.close());

  it('lists environments of a new tenant (empty) and creates one', async () => {
    const list = await api.request('GET', '/org/v2/environments', { auth: t.admin });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.data, []);
    const created = await api.request('POST', '/org/v2/environments', { auth: t.admin, body: { display_name: 'dev' } });
    assert.equal(created.status, 201);
    assert.match(created.body.id, /^env-[a-z0-9]{6}$/);
  });
});
