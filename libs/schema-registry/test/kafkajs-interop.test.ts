import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  HttpSchemaRegistryClient,
  SchemaRegistryDeserializer,
  SchemaRegistryError,
  SchemaRegistrySerializer,
  type SerializeSchema,
} from '@libs/schema-registry';
import { startFakeRegistryServer, type FakeRegistryServer } from './helpers/fake-registry-http-server';

// Interop with the client the e2e tests use. The registry here is a test double over our
// in-memory registry (no product HTTP layer yet); the bytes on both sides are real.

const AUTH = { username: 'SRKEY', password: 'srsecret' };
const AVRO = JSON.stringify({
  type: 'record',
  name: 'Pageview',
  namespace: 'io.example',
  fields: [
    { name: 'user', type: 'string' },
    { name: 'ms', type: 'long' },
  ],
});
const PROTO =
  'syntax = "proto3";\npackage io.example;\nmessage Pageview { string user = 1; int64 ms = 2; repeated string tags = 3; }\n';
const JSONS = JSON.stringify({
  title: 'Pageview',
  type: 'object',
  properties: { user: { type: 'string' }, ms: { type: 'integer' } },
  required: ['user'],
});

describe('interop with @kafkajs/confluent-schema-registry', () => {
  let server: FakeRegistryServer;
  let theirs: SchemaRegistry;
  let client: HttpSchemaRegistryClient;

  before(async () => {
    server = await startFakeRegistryServer(AUTH);
    theirs = new SchemaRegistry({ host: server.url, auth: AUTH });
    client = new HttpSchemaRegistryClient({ baseUrl: server.url, auth: AUTH });
  });
  after(() => server.close());

  const cases: Array<{
    type: 'AVRO' | 'PROTOBUF' | 'JSON';
    theirType: SchemaType.AVRO | SchemaType.PROTOBUF | SchemaType.JSON;
    schema: string;
    value: Record<string, unknown>;
  }> = [
    { type: 'AVRO', theirType: SchemaType.AVRO, schema: AVRO, value: { user: 'ada', ms: 1234 } },
    {
      type: 'PROTOBUF',
      theirType: SchemaType.PROTOBUF,
      schema: PROTO,
      value: { user: 'ada', ms: 1234, tags: ['a', 'b'] },
    },
    { type: 'JSON', theirType: SchemaType.JSON, schema: JSONS, value: { user: 'ada', ms: 1234 } },
  ];

  for (const c of cases) {
    it(`${c.type}: we decode what they encode`, async () => {
      const { id } = await theirs.register(
        { type: c.theirType, schema: c.schema },
        { subject: `theirs-${c.type}-value` },
      );
      const bytes = await theirs.encode(id, c.value);
      const out = await new SchemaRegistryDeserializer(client, { protobufToObject: { longs: Number } }).deserialize(
        bytes,
      );
      assert.equal(out.schemaId, id);
      assert.deepEqual(JSON.parse(JSON.stringify(out.value)), c.value);
    });

    it(`${c.type}: they decode what we encode`, async () => {
      const schema: SerializeSchema = { schema: c.schema, schemaType: c.type };
      const bytes = await new SchemaRegistrySerializer(client).serialize(`ours-${c.type}`, c.value, schema);
      const decoded = (await theirs.decode(bytes)) as Record<string, unknown>;
      const plain = JSON.parse(JSON.stringify(decoded)) as Record<string, unknown>;
      if (c.type === 'PROTOBUF') plain.ms = Number(plain.ms);
      assert.deepEqual(plain, c.value);
      // Registering the same text through their client finds the id we registered.
      const { id } = await theirs.register(
        { type: c.theirType, schema: c.schema },
        { subject: `ours-${c.type}-value` },
      );
      assert.equal(id, bytes.readInt32BE(1));
    });
  }
});

describe('HttpSchemaRegistryClient', () => {
  let server: FakeRegistryServer;
  before(async () => {
    server = await startFakeRegistryServer(AUTH);
  });
  after(() => server.close());

  it('sends Basic auth; wrong credentials give 401', async () => {
    const bad = new HttpSchemaRegistryClient({ baseUrl: server.url, auth: { username: 'x', password: 'y' } });
    await assert.rejects(bad.getSchemaById(1), (e: unknown) => e instanceof SchemaRegistryError && e.errorCode === 401);
  });

  it('maps Confluent error bodies to SchemaRegistryError codes', async () => {
    const c = new HttpSchemaRegistryClient({ baseUrl: server.url + '/', auth: AUTH });
    await assert.rejects(
      c.getSchemaById(424242),
      (e: unknown) => e instanceof SchemaRegistryError && e.errorCode === 40403,
    );
    await assert.rejects(
      c.getLatest('nope'),
      (e: unknown) => e instanceof SchemaRegistryError && e.errorCode === 40401,
    );
    await c.register('x-value', { schema: '"string"' });
    await assert.rejects(
      c.register('x-value', { schema: '"int"' }),
      (e: unknown) => e instanceof SchemaRegistryError && e.errorCode === 409,
    );
  });

  it('caches ids, registrations and lookups; encodes context subjects', async () => {
    const c = new HttpSchemaRegistryClient({ baseUrl: server.url, auth: AUTH });
    const before = server.requests.length;
    const id = await c.register(':.ctx:orders-value', { schema: AVRO });
    assert.equal(await c.register(':.ctx:orders-value', { schema: AVRO }), id);
    assert.equal((await c.getSchemaById(id)).schema, AVRO);
    assert.equal((await c.lookup(':.ctx:orders-value', { schema: AVRO })).version, 1);
    assert.equal((await c.lookup(':.ctx:orders-value', { schema: AVRO })).id, id);
    assert.deepEqual(server.requests.slice(before), [
      'POST /subjects/%3A.ctx%3Aorders-value/versions',
      'POST /subjects/%3A.ctx%3Aorders-value',
    ]);
    assert.deepEqual(server.registry.listSubjects().includes(':.ctx:orders-value'), true);
    assert.equal((await c.getLatest(':.ctx:orders-value')).version, 1);
    const fresh = new HttpSchemaRegistryClient({ baseUrl: server.url, auth: AUTH });
    const n = server.requests.length;
    await fresh.getSchemaById(id);
    await fresh.getSchemaById(id);
    assert.equal(server.requests.length, n + 1);
  });
});
