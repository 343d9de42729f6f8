// Kafka REST bad input that used to reach kafkajs's encoder (500) or change state it should not:
// over-long topic names, out-of-range counts, huge config names and values, a PUT without a value.
// Each is a 4xx with Kafka REST's {error_code, message}; broker refusals keep the broker's message.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertKafkaRestError, kr, startKafkaRestEnv, type KafkaRestEnv } from '../kafka-rest/support';

describe('bad input on Kafka REST v3', () => {
  let env: KafkaRestEnv;
  let base: string;
  const call = (method: string, path: string, body?: unknown) =>
    env.api.request(method, `${base}${path}`, { auth: env.key, ...(body === undefined ? {} : { body }) });
  before(async () => {
    env = await startKafkaRestEnv();
    base = kr(env.clusterId);
    const created = await call('POST', '/topics', { topic_name: 'bad-input', partitions_count: 1 });
    assert.equal(created.status, 201, created.text);
    const put = await call('PUT', '/topics/bad-input/configs/retention.ms', { value: '3600000' });
    assert.equal(put.status, 204, put.text);
  });
  after(() => env.close());

  it('topic names: over 249 characters or illegal characters → 400 40002 on create, 404 40403 in a path', async () => {
    const long = 'a'.repeat(40_000);
    for (const name of [long, 'a'.repeat(250), '.', '..', 'sp ace', 'ünï']) {
      assertKafkaRestError(await call('POST', '/topics', { topic_name: name }), 400, 40002);
    }
    const longest = await call('POST', '/topics', { topic_name: 'a'.repeat(249) });
    assert.equal(longest.status, 201, longest.text);
  });

  it('an over-long topic name in a path → 404 40403 on every topic route', async () => {
    // 10,000 characters: past Kafka's 249, within Node's 16 KB header limit (a longer URL is a 431).
    const long = 'a'.repeat(10_000);
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/topics/${long}`],
      ['PATCH', `/topics/${long}`, { partitions_count: 2 }],
      ['DELETE', `/topics/${long}`],
      ['GET', `/topics/${long}/partitions`],
      ['GET', `/topics/${long}/configs`],
      ['POST', `/topics/${long}/configs:alter`, { data: [{ name: 'retention.ms', value: '1' }] }],
      ['GET', `/topics/${long}/configs/retention.ms`],
      ['PUT', `/topics/${long}/configs/retention.ms`, { value: '1' }],
      ['DELETE', `/topics/${long}/configs/retention.ms`],
      ['POST', `/topics/${long}/records`, { value: { type: 'JSON', data: 1 } }],
    ];
    for (const [method, path, body] of routes) {
      const res = await call(method, path, body);
      assert.ok(res.status === 404 || res.status === 400, `${method} ${path.slice(0, 40)}…: ${res.status} ${res.text}`);
      assert.equal(typeof res.body?.error_code, 'number', res.text);
    }
  });

  it('partitions_count and replication_factor out of range → 400 (1e308, 2^63, 2^31, fractions)', async () => {
    for (const n of [1e308, 2 ** 63, 2 ** 31, -(2 ** 63)]) {
      assertKafkaRestError(await call('POST', '/topics', { topic_name: 'p', partitions_count: n }), 400, 40002);
      assertKafkaRestError(await call('PATCH', '/topics/bad-input', { partitions_count: n }), 400, 40002);
      assertKafkaRestError(await call('POST', '/topics', { topic_name: 'r', replication_factor: n }), 400, 40002);
    }
    assertKafkaRestError(await call('POST', '/topics', { topic_name: 'p', partitions_count: 1.5 }), 400, 400);
  });

  it('config names and values of 100 KB on every config write → 400', async () => {
    const huge = 'x'.repeat(100_000);
    const longName = 'x'.repeat(10_000); // in a path: within Node's 16 KB header limit
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/topics', { topic_name: 'cfg', configs: [{ name: huge, value: '1' }] }],
      ['POST', '/topics', { topic_name: 'cfg', configs: [{ name: 'retention.ms', value: huge }] }],
      ['PUT', '/topics/bad-input/configs/retention.ms', { value: huge }],
      ['PUT', `/topics/bad-input/configs/${longName}`, { value: '1' }],
      ['DELETE', `/topics/bad-input/configs/${longName}`, undefined],
      ['POST', '/topics/bad-input/configs:alter', { data: [{ name: huge, value: '1' }] }],
      ['POST', '/topics/bad-input/configs:alter', { data: [{ name: 'retention.ms', value: huge }] }],
      ['PUT', '/broker-configs/num.partitions', { value: huge }],
      ['PUT', `/broker-configs/${longName}`, { value: '1' }],
      ['DELETE', `/broker-configs/${longName}`, undefined],
      ['POST', '/broker-configs:alter', { data: [{ name: huge, value: '1' }] }],
    ];
    for (const [method, path, body] of writes) {
      const res = await call(method, path, body);
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${path.slice(0, 60)}: ${res.status} ${res.text}`);
      assert.equal(typeof res.body?.error_code, 'number', res.text);
    }
    const kept = await call('GET', '/topics/bad-input/configs/retention.ms');
    assert.equal(kept.body.value, '3600000');
  });

  it('PUT …/configs/{name} without a value → 400 (a reset is a DELETE), and the config keeps its value', async () => {
    for (const body of [{}, { value: null }]) {
      assertKafkaRestError(await call('PUT', '/topics/bad-input/configs/retention.ms', body), 400, 400, /value/);
      assertKafkaRestError(await call('PUT', '/broker-configs/num.partitions', body), 400, 400, /value/);
    }
    const kept = await call('GET', '/topics/bad-input/configs/retention.ms');
    assert.equal(kept.body.value, '3600000');
  });

  it('configs:alter SET without a value → 400 (only DELETE resets), and the config keeps its value', async () => {
    for (const entry of [{ name: 'retention.ms' }, { name: 'retention.ms', value: null, operation: 'SET' }]) {
      assertKafkaRestError(
        await call('POST', '/topics/bad-input/configs:alter', { data: [entry] }),
        400,
        40002,
        /DELETE/,
      );
    }
    const kept = await call('GET', '/topics/bad-input/configs/retention.ms');
    assert.equal(kept.body.value, '3600000');
  });

  it("broker-config writes the broker refuses keep the broker's own message", async () => {
    const only = /Only topic configs can be altered on this broker/;
    assertKafkaRestError(await call('PUT', '/broker-configs/num.partitions', { value: '3' }), 400, 40002, only);
    assertKafkaRestError(await call('DELETE', '/broker-configs/num.partitions'), 400, 40002, only);
    assertKafkaRestError(
      await call('POST', '/broker-configs:alter', { data: [{ name: 'num.partitions', value: '3' }] }),
      400,
      40002,
      only,
    );
  });
});
