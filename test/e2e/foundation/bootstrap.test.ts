// BOOTSTRAP_API_KEY/SECRET: on every start the API ensures exactly that cloud key exists for the
// first organization's admin (automation). The database is shared, so the test only relies on
// "some organization exists", and removes its key afterwards.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startApi, type ApiHarness } from '../../support/api-harness';
import { assertFailure, expectStatus } from '../../support/cloud-fixtures';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const randomKeyId = () => Array.from(randomBytes(16), (b) => KEY_ALPHABET[b % KEY_ALPHABET.length]).join('');

describe('bootstrap key', () => {
  const started: ApiHarness[] = [];
  const key = `ZZ${randomKeyId().slice(2)}`;
  const first = { key, secret: randomBytes(32).toString('hex') };
  const second = { key, secret: randomBytes(32).toString('hex') };
  after(async () => {
    const last = started[started.length - 1];
    if (last) await last.request('DELETE', `/iam/v2/api-keys/${key}`, { auth: second });
    for (const h of started.reverse()) await h.close();
  });

  it('is ensured on start, and a restart with another secret replaces the secret', async () => {
    const a = await startApi({ BOOTSTRAP_API_KEY: first.key, BOOTSTRAP_API_SECRET: first.secret });
    started.push(a);
    const orgs = await a.request('GET', '/org/v2/organizations', { auth: first });
    expectStatus(orgs, 200);
    assert.equal(orgs.body.data.length, 1);
    const got = await a.request('GET', `/iam/v2/api-keys/${key}`, { auth: first });
    expectStatus(got, 200);
    assert.equal(got.body.spec.resource.id, 'cloud');
    assert.equal(got.body.spec.secret, '');

    // "Restart" with a new secret: a fresh instance (fresh caches) ensures the new one.
    const b = await startApi({ BOOTSTRAP_API_KEY: second.key, BOOTSTRAP_API_SECRET: second.secret }, { shareWith: a });
    started.push(b);
    expectStatus(await b.request('GET', '/org/v2/organizations', { auth: second }), 200);
    assertFailure(await b.request('GET', '/org/v2/organizations', { auth: first }), 401);
  });
});
