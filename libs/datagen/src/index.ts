export type { AvroSchema, AvroSchemaObject, AvroField, ArgProperties } from './avro-types';
export { compileSchema, DatagenSchemaError } from './compile';
export {
  DatagenTaskStream,
  type DatagenRecord,
  type DatagenSourceOffset,
  type DatagenSourcePartition,
} from './datagen-task';
export { keyString, resolveKeyField } from './keys';
export { parseSeed, randomSeed, type SeedParts } from './prng';
export {
  findQuickstart,
  listQuickstarts,
  loadQuickstartSchema,
  QUICKSTART_NAMES,
  QUICKSTARTS_DIR,
  type QuickstartDefinition,
} from './quickstarts';
export { RecordGenerator, type RecordGeneratorOptions } from './record-generator';
export { parseSchemaJson } from './schema-json';
export { stripArgProperties } from './strip-arg-properties';
export {
  DATAGEN_DEFAULTS,
  EXACTLY_ONE_SCHEMA_SOURCE,
  KEYFIELD_NOT_IN_SCHEMA,
  OUTPUT_DATA_FORMATS,
  schemaStringProblem,
  validateDatagenConfig,
  type DatagenConfig,
  type DatagenValidation,
  type OutputDataFormat,
} from './validate-config';
