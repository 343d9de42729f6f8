// The --key-format/--value-format names, apart from the serializers: the command tree needs them
// for its flags on every call, the serializers (avsc, protobufjs) only when records are read or written.
export type DataFormat = 'string' | 'avro' | 'jsonschema' | 'protobuf' | 'integer' | 'double';
export const DATA_FORMATS: DataFormat[] = ['string', 'avro', 'jsonschema', 'protobuf', 'integer', 'double'];

export const needsSchemaRegistry = (f: DataFormat) => f === 'avro' || f === 'jsonschema' || f === 'protobuf';
