// The real @kafkajs/confluent-schema-registry client against our registry with an SR API key, our
// serdes (libs/schema-registry) and that client decoding each other's bytes, SRCM v3, and isolation:
// environment B's SR key sees nothing of environment A; cloud and cluster keys get 401.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  HttpSchemaRegistryClient,
  SchemaRegistryDeserializer,
  SchemaRegistryError,
  SchemaRegistrySerializer,
  UNKNOWN_MAGIC_BYTE,
} from '@libs/schema-registry';
import { clusterBody, createApiKey, expectStatus } from '../../support/cloud-fixtures';
import { newRegistry, srcmCluster, startSr, expectSrError, type SrEnv } from './support';
import { assertSrcmSpec } from './sr-spec';

let a: SrEnv;
let b: Awaited<ReturnType<typeof newRegistry>>;
before(async () => {
  a = await startSr();
  b = await newRegistry(a.api, a.tenant, 'sr-b');
});
after(async () => {
  await a?.api.close();
});

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

describe('@kafkajs/confluent-schema-registry against our registry', () => {
  const theirs = () =>
    new SchemaRegistry({ host: a.api.baseUrl, auth: { username: a.key.key, password: a.key.secret } });
  const ours = () =>
    new HttpSchemaRegistryClient({ baseUrl: a.api.baseUrl, auth: { username: a.key.key, password: a.key.secret } });

  for (const c of cases) {
    test(`${c.type}: register, encode, decode with their client; ours decodes theirs and theirs decodes ours`, async () => {
      const registry = theirs();
      const subject = `kjs-${c.type.toLowerCase()}-value`;
      const { id } = await registry.register({ type: c.theirType, schema: c.schema }, { subject });
      assert.ok(id >= 100001);
      // Idempotent through their client too; and their id lookups work.
      assert.equal((await registry.register({ type: c.theirType, schema: c.schema }, { subject })).id, id);
      assert.equal(await registry.getLatestSchemaId(subject), id);
      assert.equal(await registry.getRegistryId(subject, 1), id);

      const bytes = await registry.encode(id, c.value);
      assert.equal(bytes[0], 0);
      assert.equal(bytes.readInt32BE(1), id);
      const theirDecoded = JSON.parse(JSON.stringify(await theirs().decode(bytes))) as Record<string, unknown>;
      if (c.type === 'PROTOBUF') theirDecoded.ms = Number(theirDecoded.ms);
      assert.deepEqual(theirDecoded, c.value);

      // Our deserializer decodes their bytes (fresh client: schema fetched over HTTP by id).
      const out = await new SchemaRegistryDeserializer(ours(), { protobufToObject: { longs: Number } }).deserialize(
        bytes,
      );
      assert.equal(out.schemaId, id);
      assert.deepEqual(JSON.parse(JSON.stringify(out.value)), c.value);

      // Our serializer (TopicNameStrategy, auto-register) → their client decodes.
      const topic = `ours-${c.type.toLowerCase()}`;
      const ourBytes = await new SchemaRegistrySerializer(ours()).serialize(topic, c.value, {
        schema: c.schema,
        schemaType: c.type,
      });
      const decoded = JSON.parse(JSON.stringify(await theirs().decode(ourBytes))) as Record<string, unknown>;
      if (c.type === 'PROTOBUF') decoded.ms = Number(decoded.ms);
      assert.deepEqual(decoded, c.value);
      // Same schema text → same registry-wide id, now also under <topic>-value.
      assert.equal(ourBytes.readInt32BE(1), id);
      const versions = await a.sr('GET', `/schemas/ids/${id}/versions`);
      assert.deepEqual(versions.body, [
        { subject: `kjs-${c.type.toLowerCase()}-value`, version: 1 },
        { subject: `${topic}-value`, version: 1 },
      ]);
    });
  }

  test('an incompatible registration through their client is a 409 with reasons; bad bytes are "Unknown magic byte!"', async () => {
    const registry = theirs();
    const subject = 'kjs-evolve-value';
    await registry.register({ type: SchemaType.AVRO, schema: AVRO }, { subject });
    const incompatible = JSON.stringify({
      ...JSON.parse(AVRO),
      fields: [...JSON.parse(AVRO).fields, { name: 'x', type: 'int' }],
    });
    await assert.rejects(
      registry.register({ type: SchemaType.AVRO, schema: incompatible }, { subject }),
      (e: Error & { status?: number }) => {
        assert.equal(e.status, 409);
        assert.match(e.message, /incompatible/i);
        return true;
      },
    );
    await assert.rejects(
      new SchemaRegistryDeserializer(
        new HttpSchemaRegistryClient({ baseUrl: a.api.baseUrl, auth: { username: a.key.key, password: a.key.secret } }),
      ).deserialize(Buffer.from([1, 0, 0, 0, 1, 2])),
      (e: Error) => e.message === UNKNOWN_MAGIC_BYTE,
    );
  });
});

describe('our serializers: strategies, contexts, no auto-register', () => {
  test('RecordNameStrategy, TopicRecordNameStrategy, key subjects and schema.context.name land on the expected subjects', async () => {
    const client = () =>
      new HttpSchemaRegistryClient({ baseUrl: a.api.baseUrl, auth: { username: a.key.key, password: a.key.secret } });
    const value = { user: 'ada', ms: 1 };
    const schema = { schema: AVRO, schemaType: 'AVRO' as const };
    await new SchemaRegistrySerializer(client(), { subjectNameStrategy: 'RecordNameStrategy' }).serialize(
      't1',
      value,
      schema,
    );
    await new SchemaRegistrySerializer(client(), { subjectNameStrategy: 'TopicRecordNameStrategy' }).serialize(
      't2',
      value,
      schema,
    );
    await new SchemaRegistrySerializer(client(), { isKey: true }).serialize('t3', value, schema);
    const bytes = await new SchemaRegistrySerializer(client(), { contextName: 'team-c' }).serialize(
      't4',
      value,
      schema,
    );
    const subjects = (await a.sr('GET', '/subjects')).body as string[];
    for (const s of ['io.example.Pageview', 't2-io.example.Pageview', 't3-key', ':.team-c:t4-value'])
      assert.ok(subjects.includes(s), `${s} in ${JSON.stringify(subjects)}`);
    const out = await new SchemaRegistryDeserializer(client()).deserialize(bytes);
    assert.deepEqual(JSON.parse(JSON.stringify(out.value)), value);
    const other = JSON.stringify({ type: 'record', name: 'Unregistered', fields: [{ name: 'x', type: 'int' }] });
    // auto.register.schemas=false: a schema that is not registered under the subject is refused.
    await assert.rejects(
      new SchemaRegistrySerializer(client(), { autoRegisterSchemas: false }).serialize(
        't1',
        { x: 1 },
        { schema: other },
      ),
      /Error retrieving the schema id for subject t1-value: Subject 't1-value' not found/,
    );
    // ...and a registered one is looked up (POST /subjects/{s}) and used.
    const looked = await new SchemaRegistrySerializer(client(), { autoRegisterSchemas: false, isKey: true }).serialize(
      't3',
      value,
      schema,
    );
    assert.equal(looked.readInt32BE(1), bytes.readInt32BE(1));
  });
});

describe('SRCM v3', () => {
  test('one cluster per environment, http_endpoint = PUBLIC_URL; get by id; 404 for another id; 400 without environment', async () => {
    const cluster = await srcmCluster(a.api, a.tenant.admin, a.envId);
    assert.equal(cluster.id, a.lsrc);
    assert.equal(cluster.spec.http_endpoint, a.api.baseUrl);
    assert.equal(cluster.spec.environment.id, a.envId);
    assert.match(cluster.metadata.resource_name, new RegExp(`/environment=${a.envId}/schema-registry=${a.lsrc}$`));
    const path = `/srcm/v3/clusters/${a.lsrc}?environment=${a.envId}`;
    const one = await a.api.request('GET', path, { auth: a.tenant.admin });
    expectStatus(one, 200);
    assertSrcmSpec('GET', path, one);
    assert.deepEqual(one.body, cluster);
    const wrong = await a.api.request('GET', `/srcm/v3/clusters/${b.lsrc}?environment=${a.envId}`, {
      auth: a.tenant.admin,
    });
    expectStatus(wrong, 404);
    assertSrcmSpec('GET', `/srcm/v3/clusters/${b.lsrc}`, wrong);
    const missing = await a.api.request('GET', '/srcm/v3/clusters', { auth: a.tenant.admin });
    expectStatus(missing, 400);
    assertSrcmSpec('GET', '/srcm/v3/clusters', missing);
    // An SR key is not a cloud key.
    expectStatus(await a.api.request('GET', `/srcm/v3/clusters?environment=${a.envId}`, { auth: a.key }), 401);
    // Another tenant cannot see this environment's registry.
    const other = await a.api.newTenant();
    expectStatus(await a.api.request('GET', `/srcm/v3/clusters?environment=${a.envId}`, { auth: other.admin }), 404);
  });
});

describe('isolation between registries and key kinds', () => {
  test("environment B's SR key sees none of A's subjects, ids or config", async () => {
    const reg = await a.sr('POST', '/subjects/secret-a-value/versions', { schema: AVRO });
    assert.equal(reg.status, 200);
    await a.sr('PUT', '/config/secret-a-value', { compatibility: 'NONE' });
    assert.deepEqual((await b.sr('GET', '/subjects')).body, []);
    expectSrError(await b.sr('GET', '/subjects/secret-a-value/versions'), 404, 40401);
    expectSrError(await b.sr('GET', '/subjects/secret-a-value/versions/1'), 404, 40401);
    expectSrError(await b.sr('GET', `/schemas/ids/${reg.body.id}`), 404, 40403);
    expectSrError(await b.sr('POST', '/subjects/secret-a-value', { schema: AVRO }), 404, 40401);
    expectSrError(await b.sr('DELETE', '/subjects/secret-a-value'), 404, 40401);
    expectSrError(await b.sr('GET', '/config/secret-a-value'), 404, 40401);
    // B's ids are its own sequence: the same schema registered in B starts at 100001.
    const inB = await b.sr('POST', '/subjects/secret-a-value/versions', { schema: AVRO });
    assert.equal(inB.body.id, 100001);
    assert.deepEqual((await b.sr('GET', '/subjects')).body, ['secret-a-value']);
    // A is untouched by B's write.
    assert.deepEqual((await a.sr('GET', '/subjects/secret-a-value/versions')).body, [1]);
    assert.deepEqual((await a.sr('GET', '/config/secret-a-value')).body, { compatibilityLevel: 'NONE' });
  });

  test('cloud keys, cluster keys, bad secrets and no credentials → 401 {"error_code":401}', async () => {
    const create = await a.api.request('POST', '/cmk/v2/clusters', {
      auth: a.tenant.admin,
      body: clusterBody(a.envId, 'kc'),
    });
    expectStatus(create, 202, 'create cluster');
    const clusterKey = await createApiKey(
      a.api,
      a.tenant.admin,
      a.tenant.adminServiceAccountId,
      create.body.id,
      a.envId,
    );
    const cloudKey = a.tenant.admin;
    for (const [what, auth] of [
      ['cloud key', cloudKey],
      ['cluster key', clusterKey],
      ['wrong secret', { key: a.key.key, secret: 'not-the-secret' }],
    ] as const) {
      const res = await a.sr('GET', '/subjects', undefined, { auth, noSpec: true });
      expectSrError(res, 401, 401, what);
      // The by-id fast path falls through to the regular route for anything but a valid SR key.
      expectSrError(
        await a.sr('GET', '/schemas/ids/100001', undefined, { auth, noSpec: true }),
        401,
        401,
        `${what} by id`,
      );
    }
    const none = await a.api.request('GET', '/subjects');
    expectSrError(none, 401, 401, 'no credentials');
    // Our HTTP client surfaces that as SchemaRegistryError 401.
    const c = new HttpSchemaRegistryClient({
      baseUrl: a.api.baseUrl,
      auth: { username: cloudKey.key, password: cloudKey.secret },
    });
    await assert.rejects(
      c.getSchemaById(100001),
      (e: unknown) => e instanceof SchemaRegistryError && e.errorCode === 401,
    );
  });
});

describe('environment deletion', () => {
  test('deleting an environment removes its registry: its SR key gets 401 and the rows are gone', async () => {
    const c = await newRegistry(a.api, a.tenant, 'sr-doomed');
    assert.equal((await c.sr('POST', '/subjects/doomed-value/versions', { schema: AVRO })).status, 200);
    expectStatus(await a.api.request('DELETE', `/org/v2/environments/${c.envId}`, { auth: a.tenant.admin }), 204);
    expectSrError(await c.sr('GET', '/subjects', undefined, { noSpec: true }), 401, 401);
    const { SchemaRegistryRepository } = await import('@libs/db');
    const repo = a.api.app.get(SchemaRegistryRepository);
    assert.deepEqual(await repo.subjects(a.tenant.scope, c.lsrc, { includeDeleted: true }), []);
  });
});
