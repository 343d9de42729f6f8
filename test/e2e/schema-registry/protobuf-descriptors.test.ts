/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies and decoded messages are untyped here */
// Confluent's own Protobuf serializers against our registry: @confluentinc/schemaregistry's
// ProtobufSerializer registers base64 FileDescriptorProtos (the message's file and its imports as
// references) and its ProtobufDeserializer reads them back with format=serialized; python3's
// confluent_kafka ProtobufSerializer (Debian's 1.7.0) registers every import the same way;
// @kafkajs/confluent-schema-registry registers the same schema as text with references. The
// message types come from protoc's descriptors of libs/schema-registry/test/fixtures/protobuf.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { create, createFileRegistry, createMutableRegistry, fromBinary, type DescMessage } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, file_google_protobuf_timestamp } from '@bufbuild/protobuf/wkt';
import {
  ProtobufDeserializer,
  ProtobufSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Client } from 'pg';
import { identityHashes, ProtobufSchemaProvider } from '@libs/schema-registry';
import { expectStatus } from '../../support/cloud-fixtures';
import { startSr, type SrEnv } from './support';

const FIXTURES = join(__dirname, '../../../libs/schema-registry/test/fixtures/protobuf');
const PROTOC_JSON = join(FIXTURES, 'protoc-descriptors.json');
const protoc = (JSON.parse(readFileSync(PROTOC_JSON, 'utf8')) as { files: Record<string, string> }).files;
const protoText = (f: string): string => readFileSync(join(FIXTURES, f), 'utf8');
const REFS = [{ name: 'common.proto', subject: 'common.proto', version: 1 }];

// The application's message types, as protoc-gen-es would embed them: protoc's descriptors.
const fdp = (f: string) => fromBinary(FileDescriptorProtoSchema, Buffer.from(protoc[f] as string, 'base64'));
const files = createFileRegistry(fdp('order.proto'), (name) =>
  name === 'common.proto'
    ? fdp('common.proto')
    : name === 'google/protobuf/timestamp.proto'
      ? file_google_protobuf_timestamp
      : undefined,
);
const OrderSchema = files.getMessage('io.example.shop.Order') as DescMessage;

const schemaIdOf = (bytes: Buffer): number => bytes.readInt32BE(1);

let sr: SrEnv;
let confluentClient: () => SchemaRegistryClient;
before(async () => {
  sr = await startSr();
  confluentClient = () =>
    new SchemaRegistryClient({
      baseURLs: [sr.api.baseUrl],
      basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `${sr.key.key}:${sr.key.secret}` },
    });
});
after(async () => {
  await sr?.api.close();
});

const sampleOrder = () =>
  create(OrderSchema, {
    id: 'o-1',
    lines: [{ sku: 'sku-1', qty: 2, price: { currency: 'EUR', units: 12n } }],
    attributes: { gift: 'yes' },
    note: 'ring twice',
    payment: { case: 'cardToken', value: 'tok' },
    createdAt: { seconds: 1700000000n, nanos: 5 },
    status: 1,
    channel: 1,
    region: 2,
  } as any);

describe('@confluentinc/schemaregistry Protobuf serdes', () => {
  let textId: number;
  let written: Buffer;

  test('the serializer registers descriptors that match the schema registered as .proto text: same id, no new version', async () => {
    expectStatus(
      await sr.sr('POST', '/subjects/common.proto/versions', {
        schemaType: 'PROTOBUF',
        schema: protoText('common.proto'),
      }),
      200,
      'common text',
    );
    const res = await sr.sr('POST', '/subjects/orders-value/versions', {
      schemaType: 'PROTOBUF',
      schema: protoText('order.proto'),
      references: REFS,
    });
    expectStatus(res, 200, 'order text');
    textId = res.body.id;

    const ser = new ProtobufSerializer(confluentClient(), SerdeType.VALUE, {
      autoRegisterSchemas: true,
      registry: createMutableRegistry(OrderSchema.file),
    });
    written = await ser.serialize('orders', sampleOrder());
    assert.equal(written[0], 0);
    assert.equal(schemaIdOf(written), textId);
    assert.deepEqual((await sr.sr('GET', '/subjects/orders-value/versions')).body, [1]);
    assert.deepEqual((await sr.sr('GET', '/subjects/common.proto/versions')).body, [1]);
  });

  test('the deserializer reads it back through format=serialized (schema and its reference)', async () => {
    const de = new ProtobufDeserializer(confluentClient(), SerdeType.VALUE, {});
    const msg: any = await de.deserialize('orders', written);
    assert.equal(msg.$typeName, 'io.example.shop.Order');
    assert.equal(msg.id, 'o-1');
    assert.equal(msg.lines[0].sku, 'sku-1');
    assert.equal(msg.lines[0].price.units, 12n);
    assert.deepEqual(msg.attributes, { gift: 'yes' });
    assert.equal(msg.note, 'ring twice');
    assert.deepEqual(msg.payment, { case: 'cardToken', value: 'tok' });
    assert.equal(msg.createdAt.seconds, 1700000000n);
    assert.equal(msg.region, 2);
  });

  test('a subject first registered by the serializer reads as .proto text, and as the descriptor with format=serialized', async () => {
    const ser = new ProtobufSerializer(confluentClient(), SerdeType.VALUE, {
      autoRegisterSchemas: true,
      registry: createMutableRegistry(OrderSchema.file),
    });
    const bytes = await ser.serialize('orders-copy', sampleOrder());
    assert.equal(schemaIdOf(bytes), textId, 'the same schema under another subject keeps its id');

    const asText = await sr.sr('GET', '/subjects/orders-copy-value/versions/1');
    expectStatus(asText, 200, 'version');
    assert.equal(asText.body.schemaType, 'PROTOBUF');
    assert.deepEqual(asText.body.references, REFS);
    assert.match(asText.body.schema, /message Order \{/);

    const serialized = await sr.sr('GET', '/subjects/orders-copy-value/versions/1?format=serialized');
    expectStatus(serialized, 200, 'serialized version');
    const back = fromBinary(FileDescriptorProtoSchema, Buffer.from(serialized.body.schema, 'base64'));
    const theirs = fdp('order.proto');
    assert.deepEqual(back.dependency, theirs.dependency);
    assert.deepEqual(
      back.messageType.map((m) => m.name),
      theirs.messageType.map((m) => m.name),
    );
    assert.deepEqual(back.messageType[0]?.field, theirs.messageType[0]?.field);

    const byId = await sr.sr('GET', `/schemas/ids/${textId}?format=serialized`);
    expectStatus(byId, 200, 'by id');
    assert.equal(byId.body.schema, serialized.body.schema);
    const raw = await sr.api.request('GET', `/schemas/ids/${textId}/schema?format=serialized`, { auth: sr.key });
    assert.equal(raw.text, serialized.body.schema);
    const plain = await sr.sr('GET', `/schemas/ids/${textId}`);
    assert.equal(plain.body.schema, protoText('order.proto'), 'the text as first registered');
  });

  test('lookup and compatibility take the descriptor too', async () => {
    const body = { schemaType: 'PROTOBUF', schema: protoc['order.proto'], references: REFS };
    const found = await sr.sr('POST', '/subjects/orders-value?format=serialized', body);
    expectStatus(found, 200, 'lookup');
    assert.equal(found.body.id, textId);
    assert.equal(found.body.version, 1);
    assert.equal(
      fromBinary(FileDescriptorProtoSchema, Buffer.from(found.body.schema, 'base64')).package,
      'io.example.shop',
    );
    const compat = await sr.sr('POST', '/compatibility/subjects/orders-value/versions/latest', body);
    expectStatus(compat, 200, 'compat');
    assert.equal(compat.body.is_compatible, true);
    const bad = await sr.sr('POST', '/subjects/orders-value/versions', {
      schemaType: 'PROTOBUF',
      schema: Buffer.from('not a descriptor').toString('base64'),
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error_code, 42201);
  });

  test('without auto-registration the serializer looks the descriptor up; useLatestVersion reads it serialized', async () => {
    const lookup = new ProtobufSerializer(confluentClient(), SerdeType.VALUE, {
      autoRegisterSchemas: false,
      normalizeSchemas: true,
      registry: createMutableRegistry(OrderSchema.file),
    });
    assert.equal(schemaIdOf(await lookup.serialize('orders', sampleOrder())), textId);
    const latest = new ProtobufSerializer(confluentClient(), SerdeType.VALUE, {
      autoRegisterSchemas: false,
      useLatestVersion: true,
      registry: createMutableRegistry(OrderSchema.file),
    });
    assert.equal(schemaIdOf(await latest.serialize('orders', sampleOrder())), textId);
    const unknown = new ProtobufSerializer(confluentClient(), SerdeType.VALUE, {
      autoRegisterSchemas: false,
      registry: createMutableRegistry(OrderSchema.file),
    });
    await assert.rejects(unknown.serialize('nowhere', sampleOrder()), /40401|not found/i);
  });

  test('a wrong SR secret is refused with 401', async () => {
    const client = new SchemaRegistryClient({
      baseURLs: [sr.api.baseUrl],
      basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `${sr.key.key}:wrong-secret` },
      maxRetries: 0,
    });
    const ser = new ProtobufSerializer(client, SerdeType.VALUE, {
      autoRegisterSchemas: true,
      registry: createMutableRegistry(OrderSchema.file),
    });
    await assert.rejects(
      ser.serialize('orders', sampleOrder()),
      (e: any) => e?.status === 401 || /401/.test(String(e)),
    );
  });

  test('@kafkajs/confluent-schema-registry: Protobuf text with a reference, encoded and decoded; served serialized it resolves', async () => {
    const auth = { username: sr.key.key, password: sr.key.secret };
    const invoice =
      'syntax = "proto3";\npackage io.example.billing;\nimport "common.proto";\nmessage Invoice {\n  string id = 1;\n  io.example.common.Money total = 2;\n}\n';
    const { id } = await new SchemaRegistry({ host: sr.api.baseUrl, auth }).register(
      { type: SchemaType.PROTOBUF, schema: invoice, references: REFS },
      { subject: 'kafkajs-invoices-value' },
    );
    const bytes = await new SchemaRegistry({ host: sr.api.baseUrl, auth }).encode(id, {
      id: 'inv-1',
      total: { currency: 'EUR', units: 5 },
    });
    const back: any = await new SchemaRegistry({ host: sr.api.baseUrl, auth }).decode(bytes);
    assert.equal(back.id, 'inv-1');
    assert.equal(back.total.currency, 'EUR');

    // What Confluent's deserializers do with it: the descriptor and its reference, both serialized.
    const main = await sr.sr('GET', `/schemas/ids/${id}?format=serialized`);
    const dep = await sr.sr('GET', '/subjects/common.proto/versions/1?format=serialized');
    const reg = createFileRegistry(
      fromBinary(FileDescriptorProtoSchema, Buffer.from(main.body.schema, 'base64')),
      (n) =>
        n === 'common.proto'
          ? { ...fromBinary(FileDescriptorProtoSchema, Buffer.from(dep.body.schema, 'base64')), name: n }
          : undefined,
    );
    const total = reg.getMessage('io.example.billing.Invoice')?.field.total;
    assert.equal(total?.message?.typeName, 'io.example.common.Money');
  });

  test('a schema stored under the earlier identity form (enums in declaration order) is still found', async () => {
    const text =
      'syntax = "proto3";\npackage io.example.legacyid;\nenum Zeta { Z0 = 0; }\nmessage Alpha {\n  enum Beta { B0 = 0; }\n  Zeta z = 1;\n  Beta b = 2;\n}\n';
    const first = await sr.sr('POST', '/subjects/legacyid-value/versions', { schemaType: 'PROTOBUF', schema: text });
    expectStatus(first, 200, 'register');
    const parsed = new ProtobufSchemaProvider().parse(text);
    const [current, legacy] = identityHashes(parsed, []);
    assert.ok(legacy && legacy !== current, 'the identity form changed for this schema');
    // As a row registered before the change holds it.
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      const upd = await db.query('UPDATE "SrSchema" SET "identityHash" = $1 WHERE "registryId" = $2 AND id = $3', [
        legacy,
        sr.lsrc,
        first.body.id,
      ]);
      assert.equal(upd.rowCount, 1);
    } finally {
      await db.end();
    }
    const again = await sr.sr('POST', '/subjects/legacyid-value/versions', { schemaType: 'PROTOBUF', schema: text });
    assert.equal(again.body.id, first.body.id);
    const asDescriptor = await sr.sr('POST', '/subjects/legacyid-value/versions', {
      schemaType: 'PROTOBUF',
      schema: parsed.serialized(),
    });
    assert.equal(asDescriptor.body.id, first.body.id);
    assert.deepEqual((await sr.sr('GET', '/subjects/legacyid-value/versions')).body, [1]);
    for (const schema of [text, parsed.serialized()]) {
      const found = await sr.sr('POST', '/subjects/legacyid-value', { schemaType: 'PROTOBUF', schema });
      expectStatus(found, 200, 'lookup');
      assert.equal(found.body.version, 1);
    }
  });

  describe('python3 confluent_kafka ProtobufSerializer', { skip: skipUnlessPython() }, () => {
    test('registers every import as a descriptor; its bytes and the JS client bytes read across', async () => {
      const { stdout } = await promisify(execFile)(
        '/usr/bin/python3',
        [
          join(__dirname, 'py', 'protobuf_serde.py'),
          sr.api.baseUrl,
          sr.key.key,
          sr.key.secret,
          PROTOC_JSON,
          'py-orders',
          written.toString('hex'),
        ],
        { timeout: 60_000 },
      );
      const out = JSON.parse(stdout.trim().split('\n').pop() as string);
      assert.deepEqual(out.read, { id: 'o-1', sku: 'sku-1', attributes: { gift: 'yes' }, seconds: 1700000000 });

      const v = await sr.sr('GET', '/subjects/py-orders-value/versions/latest');
      expectStatus(v, 200, 'python subject');
      assert.deepEqual((v.body.references as any[]).map((r) => r.name).sort(), [
        'common.proto',
        'google/protobuf/timestamp.proto',
      ]);
      const ts = await sr.sr('GET', '/subjects/google%2Fprotobuf%2Ftimestamp.proto/versions/1');
      expectStatus(ts, 200, 'timestamp.proto registered by python');
      assert.match(ts.body.schema, /package google\.protobuf;/);
      const pyBytes = Buffer.from(out.written, 'hex');
      assert.equal(schemaIdOf(pyBytes), v.body.id);

      const de = new ProtobufDeserializer(confluentClient(), SerdeType.VALUE, {});
      const msg: any = await de.deserialize('py-orders', pyBytes);
      assert.equal(msg.id, 'py-1');
      assert.equal(msg.note, 'from python');
      assert.equal(msg.lines[0].qty, 3);
      assert.deepEqual(msg.attributes, { k: 'v' });
    });
  });
});

function skipUnlessPython(): string | false {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import confluent_kafka.schema_registry.protobuf, google.protobuf'], {
      stdio: 'ignore',
    });
    return false;
  } catch {
    return 'needs Debian python3-confluent-kafka, python3-protobuf and python3-requests';
  }
}
