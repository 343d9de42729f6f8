import { SerializationError } from './serdes-errors';

// Protobuf message indexes: zig-zag varint count, then zig-zag varint indexes giving the path of
// the message type in the .proto file. The common case [0] (first top-level message) is written
// as a single 0 byte (count 0).

const FIRST_MESSAGE = Buffer.from([0]);

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function unzigzag(n: number): number {
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

export function encodeMessageIndexes(indexes: readonly number[]): Buffer {
  if (indexes.length === 1 && indexes[0] === 0) return FIRST_MESSAGE;
  const out: number[] = [];
  writeVarint(out, zigzag(indexes.length));
  for (const i of indexes) writeVarint(out, zigzag(i));
  return Buffer.from(out);
}

function readVarint(bytes: Uint8Array, offset: number): { value: number; offset: number } {
  let result = 0;
  let mult = 1;
  for (let i = 0; i < 5; i++) {
    if (offset >= bytes.length) throw new SerializationError('Truncated message indexes');
    const b = bytes[offset++];
    result += (b & 0x7f) * mult;
    if ((b & 0x80) === 0) return { value: result, offset };
    mult *= 128;
  }
  throw new SerializationError('Malformed varint in message indexes');
}

/** Decodes the index array at `offset`; a count of 0 means [0]. Bounded by `maxCount`. */
export function decodeMessageIndexes(
  bytes: Uint8Array,
  offset: number,
  maxCount = 64,
): { indexes: number[]; offset: number } {
  const first = readVarint(bytes, offset);
  const count = unzigzag(first.value);
  if (count === 0) return { indexes: [0], offset: first.offset };
  if (count < 0 || count > maxCount) throw new SerializationError(`Invalid message index count ${count}`);
  const indexes: number[] = [];
  let pos = first.offset;
  for (let i = 0; i < count; i++) {
    const r = readVarint(bytes, pos);
    const idx = unzigzag(r.value);
    if (idx < 0) throw new SerializationError(`Invalid message index ${idx}`);
    indexes.push(idx);
    pos = r.offset;
  }
  return { indexes, offset: pos };
}
