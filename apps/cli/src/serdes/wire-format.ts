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

/**
 * `produce --schema-id-header`: the schema is named in a record header instead of the value's
 * prefix, as Confluent's serializers do with `schema.id.serializer=HeaderSchemaIdSerializer`.
 */
export const SCHEMA_ID_HEADER = { key: '__key_schema_id', value: '__value_schema_id' } as const;

/** The header value: magic byte 1, the GUID's 16 bytes, then the Protobuf message indexes (if any). */
export function guidHeader(guid: string, messageIndexes: Buffer = Buffer.alloc(0)): Buffer {
  const hex = guid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new CliError(`"${guid}" is not a schema GUID`);
  return Buffer.concat([Buffer.from([1]), Buffer.from(hex, 'hex'), messageIndexes]);
}

/** A schema id header: magic byte 1 + GUID, or magic byte 0 + a 4-byte id; `rest` = message indexes. */
export function parseSchemaIdHeader(buf: Buffer): { guid?: string; schemaId?: number; rest: Buffer } {
  if (buf[0] === 1 && buf.length >= 17) {
    const h = buf.subarray(1, 17).toString('hex');
    const guid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    return { guid, rest: buf.subarray(17) };
  }
  if (buf[0] === 0 && buf.length >= 5) return { schemaId: buf.readUInt32BE(1), rest: buf.subarray(5) };
  throw new CliError('the schema id header is neither a GUID (magic byte 1) nor an id (magic byte 0)');
}
