export { MAGIC_BYTE, HEADER_SIZE, encodeHeader, frame, readSchemaId } from './wire-format';
export { encodeMessageIndexes, decodeMessageIndexes } from './message-indexes';
export { SerializationError, UNKNOWN_MAGIC_BYTE } from './serdes-errors';
export type { SchemaRegistryClient, SchemaInput, RegisteredSchema } from './schema-registry-client';
export { ReadOnlySchemaRegistryClient } from './read-only-schema-registry-client';
export { HttpSchemaRegistryClient, type HttpSchemaRegistryClientOptions } from './http-schema-registry-client';
export {
  topicNameStrategy,
  recordNameStrategy,
  topicRecordNameStrategy,
  subjectNameStrategyByName,
  withContext,
  contextSubject,
  parseQualifiedSubject,
  type SubjectNameStrategy,
  type SubjectNameInput,
} from './subject-name-strategy';
export { SchemaLoader } from './schema-loader';
export { SchemaRegistrySerializer, type SerializerConfig, type SerializeSchema } from './serializer';
export { SchemaRegistryDeserializer, type DeserializerConfig, type DeserializedValue } from './deserializer';
