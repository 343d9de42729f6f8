/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { assertKafkaRestSpec } from './kafka-rest-spec';
import { assertKafkaRestError, kr, krRequest, startKafkaRestEnv, streamProduce, type KafkaRestEnv } from './support';

const run = promisify(execFile);

/** Every record of a topic through Debian's kcat, authenticated with the cluster API key. */
async function kcatConsume(
  env: KafkaRestEnv,
  topic: string,
  count: number,
): Promise<Array<{ key: string; value: string; partition: number; offset: number; headers: string }>> {
  const { stdout } = await run(
    'kcat',
    [
      '-C',
      '-b',
      `127.0.0.1:${env.brokerPort}`,
      '-X',
      'security.protocol=SASL_PLAINTEXT',
      '-X',
      'sasl.mechanisms=PLAIN',
      '-X',
      `sasl.username=${env.key.key}`,
      '-X',
      `sasl.password=${env.key.secret}`,
      '-t',
      topic,
      '-o',
      'beginning',
      '-c',
      String(count),
      '-e',
      '-q',
      '-f',
      '%k\\t%s\\t%p\\t%o\\t%h\\n',
    ],
    { timeout: 20_000 },
  );
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [key, value, partition, offset, headers] = l.split('\t');
      return {
        key: key as string,
        value: value as string,
        partition: Number(partition),
        offset: Number(offset),
        headers: headers ?? '',
      };
    });
}

describe('Kafka REST v3: produce records', () => {
  let env: KafkaRestEnv;
  let base: string;
  before(async () => {
    env = await startKafkaRestEnv();
    base = kr(env.clusterId);
    for (const [topic_name, partitions_count] of [
      ['orders', 1],
      ['spread', 3],
      ['stream', 2],
    ] as const) {
      const r = await env.api.request('POST', `${base}/topics`, {
        auth: env.key,
        body: { topic_name, partitions_count },
      });
      assert.equal(r.status, 201, r.text);
    }
  });
  after(() => env.close());

  it('produces JSON, STRING and BINARY keys/values with headers; kcat reads the same records', async () => {
    const path = `${base}/topics/orders/records`;
    const a = await krRequest(env, 'POST', path, {
      auth: env.key,
      body: {
        key: { type: 'STRING', data: 'k1' },
        value: { type: 'JSON', data: { id: 1, item: 'book' } },
        headers: [{ name: 'h1', value: Buffer.from('hv').toString('base64') }],
      },
    });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.body.error_code, 200);
    assert.equal(a.body.cluster_id, env.clusterId);
    assert.equal(a.body.topic_name, 'orders');
    assert.equal(a.body.partition_id, 0);
    assert.equal(a.body.offset, 0);
    assert.deepEqual(a.body.key, { type: 'STRING', size: 2 });
    assert.deepEqual(a.body.value, { type: 'JSON', size: JSON.stringify({ id: 1, item: 'book' }).length });
    assert.ok(!Number.isNaN(Date.parse(a.body.timestamp)));

    const b = await krRequest(env, 'POST', path, {
      auth: env.key,
      body: {
        key: { type: 'BINARY', data: Buffer.from('k2').toString('base64') },
        value: { type: 'STRING', data: 'plain text' },
      },
    });
    assert.equal(b.body.offset, 1);
    assert.deepEqual(b.body.key, { type: 'BINARY', size: 2 });
    const c = await krRequest(env, 'POST', path, {
      auth: env.key,
      body: { value: { data: [1, 2, 3] }, timestamp: '2021-02-05T19:14:42Z', partition_id: 0 },
    });
    assert.equal(c.body.offset, 2);
    assert.equal(c.body.key, null);
    assert.equal(c.body.timestamp, '2021-02-05T19:14:42.000Z');

    const got = await kcatConsume(env, 'orders', 3);
    assert.deepEqual(
      got.map(({ key, value, offset }) => ({ key, value, offset })),
      [
        { key: 'k1', value: '{"id":1,"item":"book"}', offset: 0 },
        { key: 'k2', value: 'plain text', offset: 1 },
        { key: '', value: '[1,2,3]', offset: 2 },
      ],
    );
    assert.equal(got[0]?.headers, 'h1=hv');
  });

  it('explicit partition_id and keyed partitioning; reported offsets match what kcat reads', async () => {
    const reports: any[] = [];
    for (let i = 0; i < 9; i++) {
      const body =
        i < 3
          ? { partition_id: 2, value: { type: 'STRING', data: `p${i}` } }
          : { key: { type: 'STRING', data: `key-${i % 3}` }, value: { type: 'STRING', data: `v${i}` } };
      const r = await krRequest(env, 'POST', `${base}/topics/spread/records`, { auth: env.key, body });
      assert.equal(r.status, 200, r.text);
      reports.push(r.body);
    }
    assert.deepEqual(
      reports.slice(0, 3).map((r) => [r.partition_id, r.offset]),
      [
        [2, 0],
        [2, 1],
        [2, 2],
      ],
    );
    // Same key → same partition.
    const byKey = new Map<string, Set<number>>();
    reports.slice(3).forEach((r, j) => {
      const k = `key-${(j + 3) % 3}`;
      byKey.set(k, (byKey.get(k) ?? new Set()).add(r.partition_id));
    });
    for (const s of byKey.values()) assert.equal(s.size, 1);
    const consumed = await kcatConsume(env, 'spread', 9);
    const where = new Map(consumed.map((m) => [m.value, `${m.partition}/${m.offset}`]));
    for (let i = 0; i < 9; i++)
      assert.equal(where.get(i < 3 ? `p${i}` : `v${i}`), `${reports[i].partition_id}/${reports[i].offset}`);
  });

  it('errors: unknown topic 40403, unknown partition 40403, bad base64 400, bad type 400, empty body 422, wrong media type 415', async () => {
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics/nope/records`, {
        auth: env.key,
        body: { value: { type: 'STRING', data: 'x' } },
      }),
      404,
      40403,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics/orders/records`, {
        auth: env.key,
        body: { partition_id: 7, value: { type: 'STRING', data: 'x' } },
      }),
      404,
      40403,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics/orders/records`, {
        auth: env.key,
        body: { value: { type: 'BINARY', data: '***' } },
      }),
      400,
      400,
      /not a base64 string/,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics/orders/records`, {
        auth: env.key,
        body: { value: { type: 'AVRO', data: 'x' } },
      }),
      400,
      400,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics/orders/records`, {
        auth: env.key,
        body: { headers: [{ name: 'h', value: '%%' }] },
      }),
      400,
      400,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics/orders/records`, { auth: env.key, rawBody: '' }),
      422,
      422,
      /Request body is empty/,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics/orders/records`, {
        auth: env.key,
        rawBody: 'x',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
      415,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics/orders/records`, { auth: env.key, rawBody: '{"value": ' }),
      400,
      400,
    );
  });

  it('streaming mode: one chunked request, one delivery report per record in order, reports flow before the request ends', async () => {
    const records = Array.from({ length: 500 }, (_, i) => ({
      partition_id: i % 2,
      key: { type: 'STRING', data: `k${i}` },
      value: { type: 'JSON', data: { n: i } },
    }));
    const out = await streamProduce(env.api.baseUrl, `${base}/topics/stream/records`, env.key, records, {
      perChunk: 50,
      lockstep: true,
    });
    assert.equal(out.status, 200);
    assert.equal(out.reports.length, 500);
    assert.ok(out.firstReportBeforeEnd, 'delivery reports arrive while the request is still open');
    out.reports.forEach((r, i) => {
      assertKafkaRestSpec('POST', `${base}/topics/stream/records`, { status: 200, body: r });
      assert.equal(r.error_code, 200, JSON.stringify(r));
      assert.equal(r.partition_id, i % 2);
      assert.equal(r.offset, Math.floor(i / 2));
    });
    const consumed = await kcatConsume(env, 'stream', 500);
    assert.equal(consumed.length, 500);
    const byValue = new Map(consumed.map((m) => [m.value, m]));
    for (let i = 0; i < 500; i++) {
      const m = byValue.get(JSON.stringify({ n: i }));
      assert.ok(m, `record ${i} consumed`);
      assert.equal(m.key, `k${i}`);
      assert.equal(`${m.partition}/${m.offset}`, `${out.reports[i].partition_id}/${out.reports[i].offset}`);
    }
  });

  it('streaming mode: a bad record gets its own error report; objects split across chunks; a framing error ends the stream', async () => {
    const good = (i: number) => JSON.stringify({ partition_id: 0, value: { type: 'STRING', data: `s${i}` } });
    const text =
      good(1) +
      '\n' +
      JSON.stringify({ value: { type: 'BINARY', data: '!!' } }) +
      good(2) +
      JSON.stringify({ partition_id: 9, value: { data: 1 } }) +
      good(3);
    // Split at awkward places (inside strings and between objects).
    const raw = [text.slice(0, 7), text.slice(7, 40), text.slice(40, 41), text.slice(41)];
    const out = await streamProduce(env.api.baseUrl, `${base}/topics/stream/records`, env.key, [], { raw });
    assert.equal(out.status, 200);
    assert.deepEqual(
      out.reports.map((r) => r.error_code),
      [200, 400, 200, 40403, 200],
    );
    assert.equal(out.reports[0].offset + 1, out.reports[2].offset);

    const broken = await streamProduce(env.api.baseUrl, `${base}/topics/stream/records`, env.key, [], {
      raw: [good(4), 'garbage', good(5)],
    });
    assert.equal(broken.status, 200);
    assert.deepEqual(
      broken.reports.map((r) => r.error_code),
      [200, 400],
    );
  });

  it('streaming mode: unknown topic is an HTTP 404 40403 before any record is read', async () => {
    const out = await streamProduce(env.api.baseUrl, `${base}/topics/nope/records`, env.key, [{ value: { data: 1 } }]);
    assert.equal(out.status, 404);
    assert.equal(out.reports[0]?.error_code, 40403);
  });

  it('several objects in one Content-Length body: one report per record', async () => {
    const rawBody = [1, 2, 3]
      .map((i) => JSON.stringify({ partition_id: 1, value: { type: 'STRING', data: `m${i}` } }))
      .join('');
    const res = await env.api.request('POST', `${base}/topics/stream/records`, { auth: env.key, rawBody });
    assert.equal(res.status, 200, res.text);
    const reports = res.text.split('\n').map((l) => JSON.parse(l));
    assert.equal(reports.length, 3);
    assert.deepEqual(
      reports.map((r) => r.offset),
      [reports[0].offset, reports[0].offset + 1, reports[0].offset + 2],
    );
  });
});
