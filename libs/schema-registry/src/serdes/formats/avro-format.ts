import type { ParsedAvroSchema } from '../../schema-types';
import { SerializationError } from '../serdes-errors';

export function encodeAvro(schema: ParsedAvroSchema, value: unknown): Buffer {
  const paths: string[] = [];
  if (!schema.avroType.isValid(value, { errorHook: (path) => paths.push(path.join('.') || '<root>') })) {
    throw new SerializationError(
      `Value does not match the Avro schema ${schema.recordName ?? ''} at ${paths.join(', ')}`.replace('  ', ' '),
    );
  }
  return schema.avroType.toBuffer(value);
}

/** Decodes with the writer schema, or resolves into `reader` (Avro schema resolution). */
export function decodeAvro(writer: ParsedAvroSchema, payload: Buffer, reader?: ParsedAvroSchema): unknown {
  try {
    if (reader && reader.canonical !== writer.canonical) {
      return reader.avroType.fromBuffer(payload, reader.avroType.createResolver(writer.avroType));
    }
    return writer.avroType.fromBuffer(payload);
  } catch (e) {
    throw new SerializationError(`Error deserializing Avro message: ${(e as Error).message}`, { cause: e });
  }
}
