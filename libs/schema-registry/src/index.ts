// Public surface of the Schema Registry core (no HTTP, no storage).
export * from './types';
export * from './errors';
export { parseCompatibilityLevel, DEFAULT_COMPATIBILITY_LEVEL } from './compatibility/levels';
export { flattenReferences } from './references';
export {
  getSchemaProvider,
  resolveSchemaType,
  supportedSchemaTypes,
  checkCompatibility,
  AvroSchemaProvider,
  JsonSchemaProvider,
  ProtobufSchemaProvider,
  type ParsedAvroSchema,
  type ParsedJsonSchema,
  type ParsedProtobufSchema,
} from './schema-types';
export * from './serdes';
export { AVRO_LONG_64 } from './schema-types/avro/avro-long';
export { AVRO_STRING } from './schema-types/avro/avro-string';
export { avroRegistry } from './schema-types/avro/avro-registry';
export { InMemorySchemaRegistry } from './registry/in-memory-schema-registry';
export {
  parseVersion,
  parseRegisterRequest,
  resolveReferences,
  incompatibleSchemaError,
  type RegisterSchemaRequest,
  type ReferenceLoader,
} from './requests';
export * from './usecases';
