// Kafka REST v3 topic creation with names only the embedded broker refuses (Kafka REST's own checks
// let them through): Kafka's internal topic names and a name colliding with an existing topic through
// '.' versus '_'. Each is Kafka REST's 400 40002, never a created topic or a 5xx.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertKafkaRestError, kr, startKafkaRestEnv, type KafkaRestEnv } from './support';

describe('Kafka REST v3: topic names the broker reserves or refuses', () => {
  let env: KafkaRestEnv;
  let base: string;
  const call = (method: string, path: string, body?: unknown) =>
    env.api.request(method, `${base}${path}`, { auth: env.key, ...(body === undefined ? {} : { body }) });
  before(async () => {
    env = await startKafkaRestEnv();
    base = kr(env.clusterId);
  });
  after(() => env.close());

  it('internal names (the broker answers INVALID_REQUEST) → 400 40002, and no such topic appears', async () => {
    for (const name of ['__consumer_offsets', '__transaction_state']) {
      assertKafkaRestError(await call('POST', '/topics', { topic_name: name }), 400, 40002);
      assertKafkaRestError(await call('POST', '/topics', { topic_name: name, validate_only: true }), 400, 40002);
    }
    const list = await call('GET', '/topics');
    assert.equal(list.status, 200, list.text);
    const names = (list.body as { data: { topic_name: string }[] }).data.map((t) => t.topic_name);
    assert.deepEqual(
      names.filter((n) => n.startsWith('__')),
      [],
    );
  });

  it("a name colliding through '.' versus '_' (the broker answers INVALID_TOPIC_EXCEPTION) → 400 40002", async () => {
    const first = await call('POST', '/topics', { topic_name: 'orders.eu' });
    assert.equal(first.status, 201, first.text);
    assertKafkaRestError(await call('POST', '/topics', { topic_name: 'orders_eu' }), 400, 40002);
    const get = await call('GET', '/topics/orders_eu');
    assertKafkaRestError(get, 404, 40403);
  });
});
