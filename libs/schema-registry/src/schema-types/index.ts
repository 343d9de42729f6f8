import { InvalidSchemaError } from '../errors';
import { SCHEMA_TYPES, type ParsedSchema, type SchemaProvider, type SchemaType } from '../types';
import { AvroSchemaProvider } from './avro/avro-provider';
import { JsonSchemaProvider } from './json/json-provider';
import { ProtobufSchemaProvider } from './protobuf/protobuf-provider';

export { AvroSchemaProvider, type ParsedAvroSchema } from './avro/avro-provider';
export { JsonSchemaProvider, type ParsedJsonSchema } from './json/json-provider';
export { ProtobufSchemaProvider, type ParsedProtobufSchema } from './protobuf/protobuf-provider';

const providers: Record<SchemaType, SchemaProvider> = {
  AVRO: new AvroSchemaProvider(),
  PROTOBUF: new ProtobufSchemaProvider(),
  JSON: new JsonSchemaProvider(),
};

/**
 * Normalizes a request's `schemaType`: missing/null means AVRO (Confluent's default), matching
 * is case-insensitive, anything else is 42201.
 */
export function resolveSchemaType(schemaType: unknown): SchemaType {
  if (schemaType === undefined || schemaType === null || schemaType === '') return 'AVRO';
  const upper = typeof schemaType === 'string' ? schemaType.toUpperCase() : '';
  const found = SCHEMA_TYPES.find((t) => t === upper);
  if (!found)
    throw new InvalidSchemaError(
      `Invalid schema type ${JSON.stringify(schemaType)}; supported types are ${SCHEMA_TYPES.join(', ')}`,
    );
  return found;
}

export function getSchemaProvider(schemaType: unknown): SchemaProvider {
  return providers[resolveSchemaType(schemaType)];
}

/** `GET /schemas/types`. */
export function supportedSchemaTypes(): SchemaType[] {
  return ['JSON', 'PROTOBUF', 'AVRO'];
}

/** Type-dispatching compatibility check: previous schemas must all be of the new schema's type. */
export function checkCompatibility(
  newSchema: ParsedSchema,
  previous: readonly ParsedSchema[],
  level: Parameters<SchemaProvider['isCompatible']>[2],
): string[] {
  const reasons: string[] = [];
  const same: ParsedSchema[] = [];
  for (const p of previous) {
    if (p.schemaType === newSchema.schemaType) same.push(p);
  }
  if (level !== 'NONE' && same.length !== previous.length) {
    // Confluent refuses a type change under any level but NONE.
    const relevant = level.endsWith('_TRANSITIVE') ? previous : previous.slice(-1);
    if (relevant.some((p) => p.schemaType !== newSchema.schemaType)) {
      reasons.push(
        `{errorType:'SCHEMA_TYPE_CHANGED', description:'The new schema is of type ${newSchema.schemaType}, a previous one is not'}`,
      );
    }
  }
  const sameRelevant = level.endsWith('_TRANSITIVE')
    ? same
    : previous.length && previous[previous.length - 1].schemaType === newSchema.schemaType
      ? same.slice(-1)
      : [];
  return [...reasons, ...providers[newSchema.schemaType].isCompatible(newSchema, sameRelevant, level)];
}
