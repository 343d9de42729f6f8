// The per-key rate limit holds on the Schema Registry API, including the GET /schemas/ids/{id}
// fast path: over the limit → 429 {"error_code":429} with Retry-After.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApi, type ApiHarness } from '../../support/api-harness';
import { expectSrError, newRegistry } from './support';

let api: ApiHarness;
before(async () => {
  api = await startApi({ RATE_LIMIT_REQUESTS: '4', RATE_LIMIT_WINDOW_SECONDS: '60' });
});
after(async () => {
  await api?.close();
});

test('SR requests count against the key; the by-id route too', async () => {
  const tenant = await api.newTenant();
  const reg = await newRegistry(api, tenant);
  const r = await reg.sr('POST', '/subjects/rl-value/versions', { schema: '"string"' });
  assert.equal(r.status, 200, r.text);
  for (let i = 0; i < 3; i++) {
    const ok = await reg.sr('GET', `/schemas/ids/${r.body.id}`);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.headers.get('x-ratelimit-remaining'), String(2 - i));
  }
  const limited = await reg.sr('GET', `/schemas/ids/${r.body.id}`, undefined, { noSpec: true });
  expectSrError(limited, 429, 429);
  assert.ok(limited.headers.get('retry-after'));
  expectSrError(await reg.sr('GET', '/subjects', undefined, { noSpec: true }), 429, 429);
});
