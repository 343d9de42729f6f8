import { SerializationError, UNKNOWN_MAGIC_BYTE } from './serdes-errors';

// Confluent wire format: [0x00][schema id: int32 big-endian][payload]. Protobuf payloads start
// with the message-index array (see message-indexes.ts).

export const MAGIC_BYTE = 0;
export const HEADER_SIZE = 5;

export function encodeHeader(schemaId: number): Buffer {
  const header = Buffer.allocUnsafe(HEADER_SIZE);
  header[0] = MAGIC_BYTE;
  header.writeInt32BE(schemaId, 1);
  return header;
}

export function frame(schemaId: number, ...parts: Uint8Array[]): Buffer {
  return Buffer.concat([encodeHeader(schemaId), ...parts]);
}

/** Reads the schema id; anything that is not a Confluent frame fails with "Unknown magic byte!". */
export function readSchemaId(bytes: Uint8Array): number {
  if (bytes.length < HEADER_SIZE || bytes[0] !== MAGIC_BYTE) throw new SerializationError(UNKNOWN_MAGIC_BYTE);
  return (bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4] | 0;
}
