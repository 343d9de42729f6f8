import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidSchemaError,
  ProtobufSchemaProvider,
  type CompatibilityLevel,
  type ParsedProtobufSchema,
} from '@libs/schema-registry';

const p = new ProtobufSchemaProvider();
const proto = (body: string, header = 'syntax = "proto3";\npackage io.example;\n'): ParsedProtobufSchema =>
  p.parse(header + body);
const ok = (next: ParsedProtobufSchema, prev: ParsedProtobufSchema[], level: CompatibilityLevel): void =>
  assert.deepEqual(p.isCompatible(next, prev, level), [], `expected compatible under ${level}`);
const bad = (
  next: ParsedProtobufSchema,
  prev: ParsedProtobufSchema[],
  level: CompatibilityLevel,
  errorType: string,
): void => {
  const reasons = p.isCompatible(next, prev, level);
  assert.ok(
    reasons.some((r) => r.includes(`'${errorType}'`)),
    `expected ${errorType} under ${level}, got ${JSON.stringify(reasons)}`,
  );
};
const ALL_LEVELS: CompatibilityLevel[] = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
];

describe('Protobuf provider: parsing', () => {
  it('parses messages, nested types, well-known imports and references', () => {
    const s = p.parse(
      `syntax = "proto3";
       package io.example;
       import "google/protobuf/timestamp.proto";
       import "customer.proto";
       message Order {
         int64 id = 1;
         google.protobuf.Timestamp at = 2;
         Customer customer = 3;
         repeated Line lines = 4;
         message Line { string sku = 1; int32 qty = 2; }
       }
       message Refund { int64 order_id = 1; }`,
      [
        {
          name: 'customer.proto',
          subject: 'customer',
          version: 1,
          schema: 'syntax = "proto3"; package io.example; message Customer { string name = 1; }',
        },
      ],
    );
    assert.equal(s.recordName, 'io.example.Order');
    assert.deepEqual(s.messageIndexes('io.example.Order'), [0]);
    assert.deepEqual(s.messageIndexes('io.example.Order.Line'), [0, 0]);
    assert.deepEqual(s.messageIndexes('io.example.Refund'), [1]);
    assert.equal(s.messageAt([0, 0]), 'io.example.Order.Line');
    assert.equal(
      s.file.messages.find((m) => m.fullName === 'io.example.Order')?.fields.find((f) => f.number === 3)?.type,
      'io.example.Customer',
    );
    assert.equal(s.file.syntax, 'proto3');
    assert.equal(proto('message X { required int32 a = 1; }', 'package p;').file.syntax, 'proto2');
  });

  it('canonical form ignores whitespace, comments and how type names are qualified', () => {
    const a = proto('message A { B b = 1; int32 x = 2; }\nmessage B { string s = 1; }');
    const b = p.parse(`// leading comment
      syntax="proto3";   package io.example;
      /* block */ message A {
        int32 x = 2;          // fields in another order
        .io.example.B b = 1;
      }
      message B { string s = 1; }`);
    assert.equal(a.canonical, b.canonical);
    assert.notEqual(a.canonical, proto('message A { B b = 1; int64 x = 2; }\nmessage B { string s = 1; }').canonical);
  });

  for (const [label, text] of [
    ['syntax error', 'syntax = "proto3"; message X { int32 a = 1 }'],
    ['unknown field type', 'syntax = "proto3"; message X { Foo a = 1; }'],
    ['duplicate field number', 'syntax = "proto3"; message X { int32 a = 1; int32 b = 1; }'],
    ['duplicate field name', 'syntax = "proto3"; message X { int32 a = 1; string a = 2; }'],
    ['missing import', 'syntax = "proto3"; import "missing.proto"; message X { int32 a = 1; }'],
    ['garbage', 'this is not protobuf'],
    ['empty', ''],
  ] as const) {
    it(`rejects ${label} with 42201`, () => {
      assert.throws(
        () => p.parse(text),
        (e: unknown) => e instanceof InvalidSchemaError && e.errorCode === 42201 && /PROTOBUF/.test(e.message),
      );
    });
  }

  it('rejects huge and deeply nested schemas with 42201', () => {
    const huge =
      'syntax = "proto3"; message X {' +
      Array.from({ length: 60_000 }, (_, i) => `int32 f${i} = ${i + 1};`).join(' ') +
      '}';
    assert.throws(
      () => p.parse(huge),
      (e: unknown) => e instanceof InvalidSchemaError && /limit/.test(e.message),
    );
    const deep = 'syntax = "proto3"; ' + 'message M { '.repeat(5_000) + '}'.repeat(5_000);
    // Under the size limit but with a message too wide for protobufjs' superlinear parser.
    const wide =
      'syntax = "proto3"; message X {' +
      Array.from({ length: 2_001 }, (_, i) => `int32 f${i} = ${i + 1};`).join(' ') +
      '}';
    const t0 = Date.now();
    assert.throws(
      () => p.parse(wide),
      (e: unknown) => e instanceof InvalidSchemaError && /statements in one block/.test(e.message),
    );
    // A hang bound, not a speed check (benchmarks measure speed): the guard refuses before protobufjs'
    // superlinear parser, which would take far longer than this on such a block.
    assert.ok(Date.now() - t0 < 10_000, 'refused without parsing');
    // Wide files are fine when spread over messages; comments and strings do not count.
    const many =
      'syntax = "proto3"; // ; ; ;\n' +
      Array.from(
        { length: 100 },
        (_, m) =>
          `message M${m} { ` +
          Array.from({ length: 50 }, (_, i) => `string f${i} = ${i + 1} [json_name = "a;b"];`).join(' ') +
          ' }',
      ).join('\n');
    assert.equal(p.parse(many).file.messages.length, 100);
    assert.throws(
      () => p.parse(deep),
      (e: unknown) => e instanceof InvalidSchemaError && /nesting/.test(e.message),
    );
  });
});

describe('Protobuf provider: compatibility (Confluent rules)', () => {
  const v1 = proto('message Order { int64 id = 1; string note = 2; }');

  it('adding and removing optional fields is compatible at every level', () => {
    const added = proto('message Order { int64 id = 1; string note = 2; repeated string tags = 3; }');
    const removed = proto('message Order { int64 id = 1; reserved 2; }');
    for (const level of ALL_LEVELS) {
      ok(added, [v1], level);
      ok(removed, [v1], level);
    }
  });

  it('renaming a field (same number, same type) is compatible', () => {
    ok(proto('message Order { int64 order_id = 1; string note = 2; }'), [v1], 'FULL_TRANSITIVE');
  });

  it('wire-compatible scalar changes pass, others fail', () => {
    ok(proto('message Order { int32 id = 1; string note = 2; }'), [v1], 'FULL');
    ok(proto('message Order { uint64 id = 1; bytes note = 2; }'), [v1], 'FULL');
    bad(proto('message Order { sint64 id = 1; string note = 2; }'), [v1], 'BACKWARD', 'FIELD_SCALAR_KIND_CHANGED');
    bad(proto('message Order { fixed64 id = 1; string note = 2; }'), [v1], 'FORWARD', 'FIELD_SCALAR_KIND_CHANGED');
    bad(proto('message Order { double id = 1; string note = 2; }'), [v1], 'BACKWARD', 'FIELD_SCALAR_KIND_CHANGED');
  });

  it('changing a field between scalar and message kinds fails; enum <-> varint scalars is fine', () => {
    bad(
      proto('message Order { Id id = 1; string note = 2; }\nmessage Id { int64 v = 1; }'),
      [v1],
      'BACKWARD',
      'FIELD_KIND_CHANGED',
    );
    // Enums are varints on the wire (Confluent accepts int32 <-> enum both ways).
    ok(proto('message Order { Kind id = 1; string note = 2; }\nenum Kind { A = 0; }'), [v1], 'FULL');
    bad(
      proto('message Order { int64 id = 1; Kind note = 2; }\nenum Kind { A = 0; }'),
      [v1],
      'BACKWARD',
      'FIELD_KIND_CHANGED',
    );
    const withA = proto('message Order { A x = 1; }\nmessage A { int32 v = 1; }\nmessage B { int32 v = 1; }');
    bad(
      proto('message Order { B x = 1; }\nmessage A { int32 v = 1; }\nmessage B { int32 v = 1; }'),
      [withA],
      'BACKWARD',
      'FIELD_NAMED_TYPE_CHANGED',
    );
  });

  it('singular <-> repeated: fine for strings and messages, not for numerics', () => {
    ok(proto('message Order { int64 id = 1; repeated string note = 2; }'), [v1], 'FULL');
    bad(
      proto('message Order { repeated int64 id = 1; string note = 2; }'),
      [v1],
      'BACKWARD',
      'FIELD_NUMERIC_LABEL_CHANGED',
    );
  });

  it('map field changes', () => {
    const m1 = proto('message Order { map<string, int32> attrs = 1; }');
    ok(proto('message Order { map<string, int64> attrs = 1; }'), [m1], 'FULL');
    bad(proto('message Order { map<int32, int32> attrs = 1; }'), [m1], 'BACKWARD', 'FIELD_SCALAR_KIND_CHANGED');
    bad(proto('message Order { map<string, string> attrs = 1; }'), [m1], 'BACKWARD', 'FIELD_SCALAR_KIND_CHANGED');
    bad(proto('message Order { repeated string attrs = 1; }'), [m1], 'BACKWARD', 'FIELD_KIND_CHANGED');
    const nested = proto('message Order { map<string, Status> m = 1; message Status { string s = 1; } }');
    ok(proto('message Order { map<string, Order.Status> m = 1; message Status { string s = 1; } }'), [nested], 'FULL');
    bad(
      proto(
        'message Order { map<string, Other> m = 1; message Status { string s = 1; } }\nmessage Other { string s = 1; }',
      ),
      [nested],
      'BACKWARD',
      'FIELD_NAMED_TYPE_CHANGED',
    );
  });

  it('removing a message type fails; adding or reordering messages passes BACKWARD', () => {
    const two = proto('message Order { int64 id = 1; string note = 2; }\nmessage Refund { int64 id = 1; }');
    ok(two, [v1], 'BACKWARD');
    bad(two, [v1], 'FORWARD', 'MESSAGE_REMOVED');
    bad(v1, [two], 'BACKWARD', 'MESSAGE_REMOVED');
    // Confluent treats a changed message index (MESSAGE_MOVED) as compatible.
    const reordered = proto('message Refund { int64 id = 1; }\nmessage Order { int64 id = 1; string note = 2; }');
    ok(reordered, [two], 'FULL');
  });

  it('package and syntax changes fail; name qualification does not matter', () => {
    const nested = proto('message Order { int64 id = 1; Line l = 2; message Line { string s = 1; } }');
    bad(
      proto(
        'message Order { int64 id = 1; .io.other.Order.Line l = 2; message Line { string s = 1; } }',
        'syntax = "proto3"; package io.other;',
      ),
      [nested],
      'BACKWARD',
      'PACKAGE_CHANGED',
    );
    ok(
      proto('message Order { int64 id = 1; .io.example.Order.Line l = 2; message Line { string s = 1; } }'),
      [nested],
      'FULL',
    );
    bad(
      proto(
        'message Order { optional int64 id = 1; optional string note = 2; }',
        'syntax = "proto2"; package io.example;',
      ),
      [v1],
      'BACKWARD',
      'SYNTAX_VERSION_CHANGED',
    );
  });

  it('oneof renames and regroupings', () => {
    const two = proto('message M { oneof a { int32 x = 1; } oneof b { int32 y = 2; } int32 z = 3; }');
    // same members under a new name: fine
    ok(proto('message M { oneof a2 { int32 x = 1; } oneof b { int32 y = 2; } int32 z = 3; }'), [two], 'FULL');
    // a oneof member taken out to top level: fine
    ok(proto('message M { int32 x = 1; oneof b { int32 y = 2; } int32 z = 3; }'), [two], 'BACKWARD');
    // merging two oneofs, or a oneof with a top-level field: not fine
    bad(
      proto('message M { oneof c { int32 x = 1; int32 y = 2; } int32 z = 3; }'),
      [two],
      'BACKWARD',
      'FIELD_MOVED_TO_EXISTING_ONEOF',
    );
    bad(
      proto('message M { oneof a { int32 x = 1; int32 z = 3; } oneof b { int32 y = 2; } }'),
      [two],
      'BACKWARD',
      'FIELD_MOVED_TO_EXISTING_ONEOF',
    );
    // dropping a member while renaming the oneof
    const g = proto('message M { oneof g { int32 a = 1; int32 b = 2; } }');
    bad(proto('message M { oneof g2 { int32 a = 1; } }'), [g], 'BACKWARD', 'ONEOF_FIELD_REMOVED');
    // removing the whole oneof with its fields is plain field removal
    ok(proto('message M { int32 c = 3; }'), [g], 'BACKWARD');
  });

  it('oneof members: adding is compatible, removing is not', () => {
    const two = proto('message Order { oneof pay { string card = 1; string iban = 2; } }');
    const three = proto('message Order { oneof pay { string card = 1; string iban = 2; int32 voucher = 3; } }');
    ok(three, [two], 'BACKWARD');
    bad(two, [three], 'BACKWARD', 'ONEOF_FIELD_REMOVED');
    bad(three, [two], 'FORWARD', 'ONEOF_FIELD_REMOVED');
    // A new oneof holding one moved field plus new ones is fine.
    ok(proto('message Order { int64 id = 1; oneof o { string note = 2; int32 other = 3; } }'), [v1], 'BACKWARD');
  });

  it('compares messages from imports structurally, across package renames', () => {
    const dep = (pkg: string, type: string) => ({
      name: 'home.proto',
      subject: 'home',
      version: 1,
      schema: `syntax = "proto3"; package ${pkg}; message Outer { message Home { ${type} device = 1; bool on = 2; } }`,
    });
    const user = (pkg: string, d: ReturnType<typeof dep>): ParsedProtobufSchema =>
      p.parse(`syntax = "proto3"; import "home.proto"; message Event { .${pkg}.Outer.Home home = 1; }`, [d]);
    const base = user('acme.v1', dep('acme.v1', 'int32'));
    ok(user('acme.v2', dep('acme.v2', 'int32')), [base], 'FULL');
    const changed = p.isCompatible(user('acme.v2', dep('acme.v2', 'string')), [base], 'BACKWARD');
    assert.ok(
      changed.some((r) => r.includes("'FIELD_SCALAR_KIND_CHANGED'") && r.includes('#/Outer/Home/1')),
      JSON.stringify(changed),
    );
    assert.ok(
      changed.some((r) => r.includes("'FIELD_NAMED_TYPE_CHANGED'") && r.includes('#/Event/1')),
      JSON.stringify(changed),
    );
    // Moving a message out into an import removes it from this schema; moving it in adds it.
    const local = proto(
      'message Event { Home home = 1; }\nmessage Home { int32 device = 1; bool on = 2; }',
      'syntax = "proto3";',
    );
    const moved = p.parse('syntax = "proto3"; import "h.proto"; message Event { .acme.Home home = 1; }', [
      {
        name: 'h.proto',
        subject: 'h',
        version: 1,
        schema: 'syntax = "proto3"; package acme; message Home { int32 device = 1; bool on = 2; }',
      },
    ]);
    bad(moved, [local], 'BACKWARD', 'MESSAGE_REMOVED');
    ok(local, [moved], 'BACKWARD');
  });

  it('oneof moves: one field into a new oneof passes, several or into an existing one fail', () => {
    const base = proto('message Order { int64 id = 1; string a = 2; string b = 3; oneof existing { int32 c = 4; } }');
    ok(
      proto(
        'message Order { int64 id = 1; oneof fresh { string a = 2; } string b = 3; oneof existing { int32 c = 4; } }',
      ),
      [base],
      'FULL',
    );
    bad(
      proto(
        'message Order { int64 id = 1; oneof fresh { string a = 2; string b = 3; } oneof existing { int32 c = 4; } }',
      ),
      [base],
      'BACKWARD',
      'MULTIPLE_FIELDS_MOVED_TO_ONEOF',
    );
    bad(
      proto('message Order { int64 id = 1; string b = 3; oneof existing { int32 c = 4; string a = 2; } }'),
      [base],
      'BACKWARD',
      'FIELD_MOVED_TO_EXISTING_ONEOF',
    );
    // proto3 `optional` is a synthetic oneof, not a move into a oneof.
    ok(
      proto('message Order { int64 id = 1; optional string a = 2; string b = 3; oneof existing { int32 c = 4; } }'),
      [base],
      'FULL',
    );
  });

  it('proto2 required fields may be neither added nor removed', () => {
    const h = 'syntax = "proto2"; package io.example;';
    const r1 = proto('message Order { required int64 id = 1; }', h);
    bad(
      proto('message Order { required int64 id = 1; required string note = 2; }', h),
      [r1],
      'BACKWARD',
      'REQUIRED_FIELD_ADDED',
    );
    ok(proto('message Order { required int64 id = 1; optional string note = 2; }', h), [r1], 'FULL');
    bad(proto('message Order { optional string note = 2; }', h), [r1], 'BACKWARD', 'REQUIRED_FIELD_REMOVED');
  });

  it('enum value additions and removals are compatible', () => {
    const e1 = proto('message Order { Status s = 1; }\nenum Status { NEW = 0; PAID = 1; }');
    ok(
      proto('message Order { Status s = 1; }\nenum Status { NEW = 0; PAID = 1; SHIPPED = 2; }'),
      [e1],
      'FULL_TRANSITIVE',
    );
    ok(proto('message Order { Status s = 1; }\nenum Status { NEW = 0; }'), [e1], 'FULL_TRANSITIVE');
  });

  it('transitive levels check every previous version', () => {
    const a = proto('message Order { int64 id = 1; }');
    const b = proto('message Order { int64 id = 1; reserved 2; }');
    // field 2 comes back with another type: fine against b, not against a version that had it as int32
    const a2 = proto('message Order { int64 id = 1; int32 x = 2; }');
    const c = proto('message Order { int64 id = 1; string x = 2; }');
    ok(c, [a2, b], 'BACKWARD');
    bad(c, [a2, b], 'BACKWARD_TRANSITIVE', 'FIELD_SCALAR_KIND_CHANGED');
    ok(c, [a2, b], 'FORWARD');
    bad(c, [a2, b], 'FORWARD_TRANSITIVE', 'FIELD_SCALAR_KIND_CHANGED');
    ok(c, [a2, b], 'FULL');
    bad(c, [a2, b], 'FULL_TRANSITIVE', 'FIELD_SCALAR_KIND_CHANGED');
    ok(c, [a2, b], 'NONE');
    ok(a, [], 'FULL_TRANSITIVE');
  });
});
