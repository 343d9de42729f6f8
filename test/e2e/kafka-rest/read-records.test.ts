/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// GET …/topics/{t}/records (connectplane extension for the web console's message viewer): the tail,
// continuation by positions, a start offset or timestamp, and 4xx for bad parameters.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startKafkaRestEnv, type KafkaRestEnv } from './support';

describe('Kafka REST v3: read records (extension)', () => {
  let env: KafkaRestEnv;
  let base = '';
  const get = (query: string) => env.api.request('GET', `${base}/topics/reads/records${query}`, { auth: env.key });

  before(async () => {
    env = await startKafkaRestEnv();
    base = `/kafka/v3/clusters/${env.clusterId}`;
    const t = await env.api.request('POST', `${base}/topics`, {
      auth: env.key,
      body: { topic_name: 'reads', partitions_count: 2 },
    });
    assert.equal(t.status, 201, t.text);
    for (let i = 0; i < 6; i++) {
      const r = await env.api.request('POST', `${base}/topics/reads/records`, {
        auth: env.key,
        body: {
          partition_id: i % 2,
          key: { type: 'STRING', data: `k${i}` },
          value: { type: 'JSON', data: { n: i } },
          headers: [{ name: 'h', value: Buffer.from('v').toString('base64') }],
          timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        },
      });
      assert.equal(r.status, 200, r.text);
    }
  });

  after(async () => {
    await env?.close();
  });

  it('answers the last records of every partition, base64, with each partition’s next offset', async () => {
    const r = await get('?max_records=2');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.kind, 'KafkaRecordList');
    assert.deepEqual(
      r.body.partitions.map((p: any) => [p.partition_id, p.log_start_offset, p.high_watermark, p.next_offset]),
      [
        [0, 0, 3, 3],
        [1, 0, 3, 3],
      ],
    );
    assert.equal(r.body.data.length, 4);
    const first = r.body.data[0];
    assert.equal(Buffer.from(first.key, 'base64').toString(), 'k2');
    assert.deepEqual(JSON.parse(Buffer.from(first.value, 'base64').toString()), { n: 2 });
    assert.deepEqual(first.headers, [{ name: 'h', value: Buffer.from('v').toString('base64') }]);
    assert.equal(first.timestamp, '2026-01-01T00:00:02.000Z');
  });

  it('continues from positions (nothing new → empty), and reads from an offset or a timestamp', async () => {
    const none = await get('?positions=0:3,1:3');
    assert.equal(none.status, 200, none.text);
    assert.equal(none.body.data.length, 0);
    const fromOffset = await get('?partition=1&offset=1');
    assert.deepEqual(
      fromOffset.body.data.map((d: any) => [d.partition_id, d.offset]),
      [
        [1, 1],
        [1, 2],
      ],
    );
    const since = await get(`?timestamp=${Date.UTC(2026, 0, 1, 0, 0, 4)}`);
    assert.deepEqual(
      since.body.data.map((d: any) => Buffer.from(d.key, 'base64').toString()),
      ['k4', 'k5'],
    );
  });

  it('refuses bad parameters and unknown topics with Kafka REST errors', async () => {
    const bad = await get('?max_records=0');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error_code, 40002);
    const badPos = await get('?positions=x');
    assert.equal(badPos.status, 400);
    const missing = await env.api.request('GET', `${base}/topics/nope/records`, { auth: env.key });
    assert.equal(missing.status, 404, missing.text);
    assert.equal(missing.body.error_code, 40403);
    const cloud = await env.api.request('GET', `${base}/topics/reads/records`, { auth: env.tenant.admin });
    assert.equal(cloud.status, 401);
  });
});
