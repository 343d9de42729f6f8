// Connect Schema ⇄ the JSON schema vocabulary JsonConverter puts in its envelope
// ({"type":"struct","fields":[...],"optional":false,"name":...}).
import { DataException, type Schema, SchemaBuilder, type Type } from '@libs/connect-spi';
import { JsonFloat, type JsonNode, type ParsedJson } from './json-text';

const TO_JSON_TYPE: Record<Type, string> = {
  BOOLEAN: 'boolean',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FLOAT32: 'float',
  FLOAT64: 'double',
  BYTES: 'bytes',
  STRING: 'string',
  ARRAY: 'array',
  MAP: 'map',
  STRUCT: 'struct',
};

const FROM_JSON_TYPE: Record<string, Type> = Object.fromEntries(
  Object.entries(TO_JSON_TYPE).map(([k, v]) => [v, k as Type]),
);

export type ValueToJson = (schema: Schema, value: unknown) => JsonNode;
export type JsonToValue = (schema: Schema, json: ParsedJson) => unknown;

export function asJsonSchema(schema: Schema | null, toJson: ValueToJson): JsonNode {
  if (schema === null) return null;
  const out: { [k: string]: JsonNode } = { type: TO_JSON_TYPE[schema.type] };
  switch (schema.type) {
    case 'ARRAY':
      out.items = asJsonSchema(schema.valueSchema, toJson);
      break;
    case 'MAP':
      out.keys = asJsonSchema(schema.keySchema, toJson);
      out.values = asJsonSchema(schema.valueSchema, toJson);
      break;
    case 'STRUCT':
      out.fields = schema.fields.map((f) => {
        const fieldJson = asJsonSchema(f.schema, toJson) as { [k: string]: JsonNode };
        fieldJson.field = f.name;
        return fieldJson;
      });
      break;
  }
  out.optional = schema.optional;
  if (schema.name !== null) out.name = schema.name;
  if (schema.version !== null) out.version = schema.version;
  if (schema.doc !== null) out.doc = schema.doc;
  if (schema.parameters) out.parameters = { ...schema.parameters };
  if (schema.defaultValue !== null) out.default = toJson(schema, schema.defaultValue);
  return out;
}

function isObject(v: ParsedJson | undefined): v is { [k: string]: ParsedJson } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonFloat);
}

export function asConnectSchema(json: ParsedJson, toValue: JsonToValue): Schema | null {
  if (json === null) return null;
  if (!isObject(json)) throw new DataException('Schema must be a JSON object');
  const typeName = json.type;
  if (typeof typeName !== 'string') throw new DataException("Schema must contain 'type' field");
  const type = FROM_JSON_TYPE[typeName];
  let builder: SchemaBuilder;
  switch (type) {
    case undefined:
      throw new DataException('Unknown schema type: ' + typeName);
    case 'ARRAY': {
      const items = json.items;
      if (items === undefined || items === null)
        throw new DataException('Array schema did not specify the element type');
      builder = SchemaBuilder.array(asConnectSchema(items, toValue)!);
      break;
    }
    case 'MAP': {
      const keys = json.keys;
      const values = json.values;
      if (keys === undefined || keys === null) throw new DataException('Map schema did not specify the key type');
      if (values === undefined || values === null) throw new DataException('Map schema did not specify the value type');
      builder = SchemaBuilder.map(asConnectSchema(keys, toValue)!, asConnectSchema(values, toValue)!);
      break;
    }
    case 'STRUCT': {
      builder = SchemaBuilder.struct();
      const fields = json.fields;
      if (!Array.isArray(fields)) throw new DataException('Struct schema\'s "fields" argument is not an array.');
      for (const f of fields) {
        if (!isObject(f) || typeof f.field !== 'string')
          throw new DataException("Struct schema's field name not specified properly");
        builder.field(f.field, asConnectSchema(f, toValue)!);
      }
      break;
    }
    default:
      builder = SchemaBuilder.type(type);
  }
  if (json.optional === true) builder.optional();
  else builder.required();
  if (typeof json.name === 'string') builder.name(json.name);
  if (json.version !== undefined && json.version !== null) {
    if (typeof json.version !== 'number') throw new DataException('Schema version must be an integer');
    builder.version(json.version);
  }
  if (typeof json.doc === 'string') builder.doc(json.doc);
  if (json.parameters !== undefined && json.parameters !== null) {
    if (!isObject(json.parameters)) throw new DataException('Schema parameters must be a JSON object');
    for (const [k, v] of Object.entries(json.parameters)) {
      if (typeof v !== 'string') throw new DataException('Schema parameters must have string values.');
      builder.parameter(k, v);
    }
  }
  if (json.default !== undefined && json.default !== null) builder.defaultValue(toValue(builder.build(), json.default));
  return builder.build();
}
