import * as protobuf from 'protobufjs';

// google/protobuf/*.proto imports need no schema reference (Confluent resolves them itself).
// protobufjs bundles the common ones; descriptor.proto ships as JSON for custom options.

export function loadWellKnownType(root: protobuf.Root, file: string): boolean {
  const common = protobuf.common.get(file);
  if (common) {
    root.addJSON(common.nested as Record<string, protobuf.AnyNestedObject>);
    return true;
  }
  if (file === 'google/protobuf/descriptor.proto') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const json = require('protobufjs/google/protobuf/descriptor.json') as {
      nested: Record<string, protobuf.AnyNestedObject>;
    };
    root.addJSON(json.nested);
    return true;
  }
  return false;
}
