// Confluent's Schema Registry wire format: magic byte 0, the schema id (4 bytes, big-endian), then
// the payload (Avro binary, or JSON text for JSON Schema). What Datagen's AVRO / JSON_SR output
// and every Confluent serializer write.
import { CliError } from '../errors';

export interface Framed {
  schemaId: number;
  payload: Buffer;
}

export function unframe(buf: Buffer): Framed {
  if (buf.length < 5 || buf[0] !== 0)
    throw new CliError('the record is not in the Schema Registry wire format (no magic byte)');
  return { schemaId: buf.readUInt32BE(1), payload: buf.subarray(5) };
}

export function frame(schemaId: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(schemaId, 1);
  return Buffer.concat([head, payload]);
}
