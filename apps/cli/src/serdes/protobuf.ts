// Protobuf in Confluent's wire format: after the magic byte and schema id come the message indexes
// (a zigzag-varint count, then each index; a lone 0 byte means [0], the file's first message),
// naming the message type within the registered .proto, then the encoded message.
import protobuf from 'protobufjs';
import { CliError } from '../errors';

function readZigzag(buf: Buffer, at: number): [number, number] {
  let v = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = buf[i++];
    if (b === undefined) throw new CliError('truncated Protobuf message indexes');
    v |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) break;
    shift += 7;
  }
  return [(v >>> 1) ^ -(v & 1), i];
}

/** The message types a .proto file declares at its top level (inside its package), in order. */
function topLevelTypes(ns: protobuf.NamespaceBase): protobuf.Type[] {
  const types = ns.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
  if (types.length > 0) return types;
  const inner = ns.nestedArray.find((n): n is protobuf.Namespace => n instanceof protobuf.Namespace);
  return inner ? topLevelTypes(inner) : [];
}

export function protobufRoot(schema: string): protobuf.Root {
  return protobuf.parse(schema, { keepCase: true }).root;
}

/** Splits a framed payload into its message type and message bytes. */
export function decodeProtobuf(root: protobuf.Root, payload: Buffer): unknown {
  let [count, at] = readZigzag(payload, 0);
  const path: number[] = [];
  if (count === 0) path.push(0);
  for (; count > 0; count--) {
    const [index, next] = readZigzag(payload, at);
    path.push(index);
    at = next;
  }
  let candidates = topLevelTypes(root);
  let type: protobuf.Type | undefined;
  for (const index of path) {
    type = candidates[index];
    if (!type) throw new CliError(`no message at index ${path.join('.')} in the schema`);
    candidates = type.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
  }
  const message = type!.decode(payload.subarray(at));
  return type!.toObject(message, { longs: Number, enums: String, bytes: String, defaults: true });
}

/** The file's first message type from JSON text, with the [0] message-index prefix. */
export function encodeProtobuf(root: protobuf.Root, text: string): Buffer {
  const type = topLevelTypes(root)[0];
  if (!type) throw new CliError('the Protobuf schema declares no message');
  const value = JSON.parse(text) as Record<string, unknown>;
  const err = type.verify(value);
  if (err) throw new CliError(`invalid message for ${type.name}: ${err}`);
  return Buffer.concat([Buffer.from([0]), Buffer.from(type.encode(type.fromObject(value)).finish())]);
}
