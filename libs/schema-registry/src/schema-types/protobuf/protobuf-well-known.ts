import * as protobuf from 'protobufjs';

// google/protobuf/*.proto imports need no schema reference (Confluent resolves them itself).
// protobufjs bundles the common ones; descriptor.proto ships as JSON for custom options.
// Confluent's registry also resolves the google/type and confluent/type files its Protobuf
// converter imports for Connect's Date, Time and Decimal; those are declared here.
const BUNDLED_BY_CONFLUENT: Record<string, string> = {
  'google/type/date.proto':
    'syntax = "proto3"; package google.type; message Date { int32 year = 1; int32 month = 2; int32 day = 3; }',
  'google/type/timeofday.proto':
    'syntax = "proto3"; package google.type; message TimeOfDay { int32 hours = 1; int32 minutes = 2; int32 seconds = 3; int32 nanos = 4; }',
  'confluent/meta.proto':
    'syntax = "proto3"; package confluent; import "google/protobuf/descriptor.proto"; message Meta { string doc = 1; map<string, string> params = 2; repeated string tags = 3; } extend google.protobuf.FileOptions { Meta file_meta = 1088; } extend google.protobuf.MessageOptions { Meta message_meta = 1088; } extend google.protobuf.FieldOptions { Meta field_meta = 1088; } extend google.protobuf.EnumOptions { Meta enum_meta = 1088; } extend google.protobuf.EnumValueOptions { Meta enum_value_meta = 1088; }',
  'confluent/type/decimal.proto':
    'syntax = "proto3"; package confluent.type; message Decimal { bytes value = 1; uint32 precision = 2; int32 scale = 3; }',
};

export function loadWellKnownType(root: protobuf.Root, file: string): boolean {
  const common = protobuf.common.get(file);
  if (common) {
    root.addJSON(common.nested as Record<string, protobuf.AnyNestedObject>);
    return true;
  }
  if (file === 'google/protobuf/descriptor.proto') {
    if (root.lookup('google.protobuf.FieldOptions')) return true; // already there (confluent/meta.proto needs it)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const json = require('protobufjs/google/protobuf/descriptor.json') as {
      nested: Record<string, protobuf.AnyNestedObject>;
    };
    root.addJSON(json.nested);
    return true;
  }
  const text = BUNDLED_BY_CONFLUENT[file];
  if (text) {
    for (const dep of protobuf.parse(text, new protobuf.Root(), { keepCase: true }).imports ?? [])
      loadWellKnownType(root, dep);
    protobuf.parse(text, root, { keepCase: true });
    return true;
  }
  return false;
}
