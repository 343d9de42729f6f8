// Protobuf values of the Schema Registry wire format, decoded with protobufjs from the registered
// .proto text (loaded only when a PROTOBUF record is shown: it is not part of the first load).
import protobuf from 'protobufjs';

const roots = new Map<string, protobuf.Root>();

function messagesOf(ns: protobuf.NamespaceBase): protobuf.Type[] {
  return ns.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
}

export function decodeProtobuf(schema: string, indexes: number[], data: Uint8Array): unknown {
  let root = roots.get(schema);
  if (!root) {
    root = protobuf.parse(schema, { keepCase: true }).root;
    roots.set(schema, root);
  }
  const files = root.nestedArray;
  // top-level messages live in the package namespace when the file declares one
  let scope: protobuf.NamespaceBase = root;
  while (messagesOf(scope).length === 0 && scope.nestedArray.length === 1 && !(files[0] instanceof protobuf.Type)) {
    const only = scope.nestedArray[0];
    if (!(only instanceof protobuf.Namespace)) break;
    scope = only;
  }
  let type: protobuf.Type | undefined;
  for (const i of indexes) {
    type = messagesOf(type ?? scope)[i];
    if (!type) throw new Error(`message index ${indexes.join('.')} not in the schema`);
  }
  if (!type) throw new Error('no message type');
  return type.toObject(type.decode(data), { longs: Number, enums: String, bytes: String, defaults: true });
}
