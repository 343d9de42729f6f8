// Protobuf schemas given as base64 FileDescriptorProtos (what Confluent's serializers register) and
// `format=serialized` (what they read back), checked against descriptors written by protoc itself
// (fixtures/protobuf/protoc-descriptors.json, from the .proto files beside it).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as descriptor from 'protobufjs/ext/descriptor';
import {
  InMemorySchemaRegistry,
  InvalidSchemaError,
  ProtobufSchemaProvider,
  type ResolvedReference,
} from '@libs/schema-registry';

const dir = join(__dirname, 'fixtures', 'protobuf');
const text = (f: string): string => readFileSync(join(dir, f), 'utf8');
const protoc = (JSON.parse(text('protoc-descriptors.json')) as { files: Record<string, string> }).files;
const p = new ProtobufSchemaProvider();
const commonRef: ResolvedReference = {
  name: 'common.proto',
  subject: 'common.proto',
  version: 1,
  schema: text('common.proto'),
};
const refsOf = (f: string): ResolvedReference[] => (f === 'order.proto' ? [commonRef] : []);

/** A descriptor as an object, without its file name (protoc names it after the file, we `default`). */
function descriptorObject(b64: string): Record<string, unknown> {
  const o = descriptor.FileDescriptorProto.toObject(descriptor.FileDescriptorProto.decode(Buffer.from(b64, 'base64')), {
    enums: String,
    longs: String,
    defaults: false,
  });
  delete o.name;
  return o;
}

describe('Protobuf FileDescriptorProto schemas', () => {
  for (const f of ['common.proto', 'order.proto', 'legacy.proto']) {
    it(`${f}: protoc's descriptor is the same schema as the .proto text`, () => {
      const fromText = p.parse(text(f), refsOf(f));
      const fromDescriptor = p.parse(protoc[f] as string, refsOf(f));
      assert.equal(fromDescriptor.canonical, fromText.canonical);
      // Stored and returned as .proto text, which parses to the same schema again.
      assert.match(fromDescriptor.text, /^syntax = "proto[23]";\n/);
      assert.equal(p.parse(fromDescriptor.text, refsOf(f)).canonical, fromText.canonical);
      assert.deepEqual(
        fromDescriptor.messageIndexes('io.example.shop.Order.Line'),
        fromText.messageIndexes('io.example.shop.Order.Line'),
      );
    });

    it(`${f}: format=serialized is what protoc writes`, () => {
      assert.deepEqual(
        descriptorObject(p.parse(text(f), refsOf(f)).serialized()),
        descriptorObject(protoc[f] as string),
      );
      assert.deepEqual(
        descriptorObject(p.parse(protoc[f] as string, refsOf(f)).serialized()),
        descriptorObject(protoc[f] as string),
      );
    });
  }

  it('prints maps, oneofs, proto3 optional, options, reserved, services and proto2 groups/defaults as .proto', () => {
    const order = p.parse(protoc['order.proto'] as string, [commonRef]).text;
    for (const line of [
      'import "common.proto";',
      'import "google/protobuf/timestamp.proto";',
      'option java_package = "io.example.shop.gen";',
      'option optimize_for = SPEED;',
      '  map<string, string> attributes = 3;',
      '  map<int32, .io.example.shop.Order.Line> by_position = 4;',
      '  optional string note = 5;',
      '  oneof payment {',
      '  .io.example.shop.Status status = 9 [json_name = "state"];',
      '  repeated int32 flags = 12 [packed = false];',
      '  reserved 20 to 25, 30;',
      '  reserved "legacy_total";',
      '  SHIPPED = 2 [deprecated = true];',
      '  rpc Watch(stream .io.example.shop.OrderKey) returns (stream .io.example.shop.Order) {',
    ])
      assert.ok(order.includes(line), `missing ${JSON.stringify(line)} in\n${order}`);
    assert.ok(!order.includes('Entry'), 'map entry types are not printed');
    const legacy = p.parse(protoc['legacy.proto'] as string).text;
    for (const line of [
      'syntax = "proto2";',
      '  required string id = 1;',
      '  optional int32 tier = 2 [default = 3];',
      '  optional string label = 3 [default = "n/a \\"quoted\\""];',
      '  optional bytes salt = 4 [default = "a\\001b"];',
      '  optional double ratio = 5 [default = inf];',
      '  optional .io.example.legacy.Account.Kind kind = 6 [default = PERSONAL];',
      '  repeated int64 ids = 7 [packed = true];',
      '  optional group Meta = 8 {',
      '  extensions 100 to max;',
    ])
      assert.ok(legacy.includes(line), `missing ${JSON.stringify(line)} in\n${legacy}`);
  });

  it('finds references for the descriptor as for text, and refuses a missing one', () => {
    assert.throws(() => p.parse(protoc['order.proto'] as string, []), InvalidSchemaError);
    // A reference stored as a descriptor works too (registries that keep what they were given).
    const viaDescriptorRef = p.parse(protoc['order.proto'] as string, [
      { ...commonRef, schema: protoc['common.proto'] as string },
    ]);
    assert.equal(viaDescriptorRef.canonical, p.parse(text('order.proto'), [commonRef]).canonical);
  });

  it('checks compatibility between a descriptor and a text version', () => {
    const v1 = p.parse(text('common.proto'));
    const v2 = p.parse(protoc['common.proto'] as string);
    assert.deepEqual(p.isCompatible(v2, [v1], 'FULL_TRANSITIVE'), []);
    const narrowed = p.parse(text('common.proto').replace('int64 units = 2;', 'string units = 2;'));
    assert.notDeepEqual(p.isCompatible(narrowed, [v2], 'BACKWARD'), []);
  });

  it('still answers 42201 for text that is neither .proto nor a descriptor', () => {
    for (const bad of ['not a schema', 'AAAA', 'Zm9vYmFy', 'message {']) {
      assert.throws(
        () => p.parse(bad),
        (e: unknown) => e instanceof InvalidSchemaError && e.errorCode === 42201,
        bad,
      );
    }
  });

  it('refuses hostile descriptors quickly with 42201 (deep nesting, one oneof per field)', () => {
    const encode = (fd: Record<string, unknown>): string =>
      Buffer.from(
        descriptor.FileDescriptorProto.encode(descriptor.FileDescriptorProto.fromObject(fd)).finish(),
      ).toString('base64');
    // 90 levels against a limit of 50 (protobufjs' own encoder stops near 100).
    let deep: Record<string, unknown> = { name: 'M90' };
    for (let i = 89; i > 0; i--) deep = { name: `M${i}`, nestedType: [deep] };
    const wide = {
      name: 'Wide',
      field: Array.from({ length: 20_000 }, (_x, i) => ({
        name: `f${i}`,
        number: i + 1,
        label: 1,
        type: 9,
        oneofIndex: i,
      })),
      oneofDecl: Array.from({ length: 20_000 }, (_x, i) => ({ name: `o${i}` })),
    };
    for (const fd of [
      { syntax: 'proto3', messageType: [deep] },
      { syntax: 'proto3', messageType: [wide] },
    ]) {
      const started = Date.now();
      assert.throws(
        () => p.parse(encode(fd), [], { maxDepth: 50 }),
        (e: unknown) => e instanceof InvalidSchemaError && e.errorCode === 42201,
      );
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    }
  });

  it('keeps the earlier identity form where sorting enums changed it', () => {
    const order = p.parse(text('order.proto'), [commonRef]);
    assert.ok(order.legacyCanonical, 'Status is declared before Order.Channel');
    assert.notEqual(order.legacyCanonical, order.canonical);
    assert.equal(p.parse(text('common.proto')).legacyCanonical, undefined, 'one enum: unchanged');
  });

  it('InMemorySchemaRegistry: text and descriptor of one schema get one id', async () => {
    const reg = new InMemorySchemaRegistry();
    const common = await reg.register('common.proto', { schema: text('common.proto'), schemaType: 'PROTOBUF' });
    const refs = [{ name: 'common.proto', subject: 'common.proto', version: 1 }];
    const byText = await reg.register('orders-value', {
      schema: text('order.proto'),
      schemaType: 'PROTOBUF',
      references: refs,
    });
    const byDescriptor = await reg.register('orders-value', {
      schema: protoc['order.proto'] as string,
      schemaType: 'PROTOBUF',
      references: refs,
    });
    assert.equal(byDescriptor, byText);
    assert.equal(
      await reg.register('common.proto', { schema: protoc['common.proto'] as string, schemaType: 'PROTOBUF' }),
      common,
    );
  });
});
