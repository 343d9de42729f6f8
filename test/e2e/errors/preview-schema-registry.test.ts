/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Through the API only: POST …/connectors/preview with a managed data format (input.data.format /
// output.data.format = AVRO) uses the caller's environment's Schema Registry read-only. A sink
// config decodes Schema Registry wire-format bytes with the registered schema; a source config
// serializes to AVRO without registering anything.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type ApiHarness } from '../../support/api-harness';
import { createApiKey } from '../../support/cloud-fixtures';
import { connectTenant, type ConnectTenant } from '../connect-api/support';
import { srcmCluster } from '../schema-registry/support';

/** Avro binary of a long/int: zig-zag varint. */
function avroInt(n: number): Buffer {
  let z = (n << 1) ^ (n >> 31);
  const out: number[] = [];
  while ((z & ~0x7f) !== 0) {
    out.push((z & 0x7f) | 0x80);
    z >>>= 7;
  }
  out.push(z);
  return Buffer.from(out);
}
const avroString = (s: string) => Buffer.concat([avroInt(Buffer.byteLength(s)), Buffer.from(s, 'utf8')]);

describe('transform preview with Schema Registry data formats (Connect v1)', () => {
  let api: ApiHarness;
  let t: ConnectTenant;
  let sr: (method: string, path: string, body?: unknown) => Promise<any>;
  const req = (method: string, path: string, body?: unknown) =>
    api.request<any>(method, `${t.base}${path}`, { auth: t.admin, body });

  before(async () => {
    api = await startApi();
    t = await connectTenant(api);
    const lsrc = (await srcmCluster(api, t.admin, t.env)).id as string;
    const key = await createApiKey(api, t.admin, t.adminServiceAccountId, lsrc, t.env);
    sr = (method, path, body) =>
      api.request<any>(method, path, {
        auth: key,
        body,
        headers: body !== undefined ? { 'content-type': 'application/vnd.schemaregistry.v1+json' } : {},
      });
  });
  after(() => api.close());

  it('sink config with input.data.format=AVRO: wire-format bytes decoded with the registered schema, then transformed', async () => {
    const schema = JSON.stringify({
      type: 'record',
      name: 'Order',
      namespace: 'io.example',
      fields: [
        { name: 'id', type: 'int' },
        { name: 'item', type: 'string' },
      ],
    });
    const reg = await sr('POST', '/subjects/orders-value/versions', { schema });
    assert.equal(reg.status, 200, reg.text);
    const id = reg.body.id as number;
    const wire = Buffer.concat([Buffer.from([0]), Buffer.alloc(4), avroInt(7), avroString('espresso')]);
    wire.writeInt32BE(id, 1);
    const res = await req('POST', '/connectors/preview', {
      config: {
        'connector.class': 'CollectSink',
        topics: 'orders',
        file: '/tmp/never-written.jsonl',
        'input.data.format': 'AVRO',
        transforms: 'tag',
        'transforms.tag.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
        'transforms.tag.static.field': 'src',
        'transforms.tag.static.value': 'preview',
      },
      records: [
        { key: 'o-7', value: null, valueBase64: wire.toString('base64') },
        { key: 'bad', value: null, valueBase64: Buffer.from('{"id":1}').toString('base64') },
      ],
    });
    assert.equal(res.status, 200, res.text);
    const [ok, bad] = res.body.records;
    assert.equal(ok.error, null, JSON.stringify(ok.error));
    assert.equal(ok.before.valueBase64, wire.toString('base64'));
    assert.deepEqual(ok.converted, { key: 'o-7', value: { id: 7, item: 'espresso' } });
    assert.deepEqual(ok.after, {
      topic: 'orders',
      partition: 0,
      key: 'o-7',
      value: { id: 7, item: 'espresso', src: 'preview' },
      headers: {},
    });
    // not wire format: the AVRO converter's error, with the class the data format names
    assert.equal(bad.after, null);
    assert.equal(bad.error.stage, 'VALUE_CONVERTER');
    assert.equal(bad.error.class, 'io.confluent.connect.avro.AvroConverter');
  });

  it('source config with output.data.format=AVRO serializes to wire format and registers no schema', async () => {
    const subjectsBefore = await sr('GET', '/subjects');
    assert.equal(subjectsBefore.status, 200, subjectsBefore.text);
    const res = await req('POST', '/connectors/preview', {
      config: { 'connector.class': 'CounterSource', topic: 'counted', 'output.data.format': 'AVRO' },
      records: [
        {
          key: 'task-0',
          value: { task: 0, n: 1 },
          valueSchema: {
            type: 'struct',
            name: 'io.example.Counted',
            optional: false,
            fields: [
              { field: 'task', type: 'int32', optional: false },
              { field: 'n', type: 'int64', optional: false },
            ],
          },
        },
        { key: 'no-schema', value: { n: 2 } },
      ],
    });
    assert.equal(res.status, 200, res.text);
    const [ok, noSchema] = res.body.records;
    assert.equal(ok.error, null, JSON.stringify(ok.error));
    assert.equal(ok.after.topic, 'counted');
    assert.equal(ok.after.key, 'task-0');
    const bytes = Buffer.from(ok.after.value.base64, 'base64');
    assert.equal(bytes[0], 0, 'magic byte');
    assert.deepEqual(bytes.subarray(5), Buffer.concat([avroInt(0), avroInt(1)]));
    assert.equal(noSchema.error.stage, 'VALUE_CONVERTER');
    assert.equal(noSchema.error.class, 'io.confluent.connect.avro.AvroConverter');
    // the id in the bytes is not a registered schema, and no subject was created
    assert.equal((await sr('GET', `/schemas/ids/${bytes.readInt32BE(1)}`)).status, 404);
    const subjectsAfter = await sr('GET', '/subjects');
    assert.deepEqual(subjectsAfter.body, subjectsBefore.body);
    assert.ok(!subjectsAfter.body.includes('counted-value'));
  });
});
