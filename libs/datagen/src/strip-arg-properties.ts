import type { AvroSchema } from './avro-types';

/**
 * A copy of the schema without `arg.properties` (type- and field-level): the plain Avro schema that
 * describes the generated values, e.g. for a converter or for Schema Registry. Other extra keys stay.
 */
export function stripArgProperties(schema: AvroSchema): AvroSchema {
  if (typeof schema === 'string') return schema;
  if (Array.isArray(schema)) return schema.map(stripArgProperties);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'arg.properties') continue;
    if (k === 'fields' && Array.isArray(v)) {
      out.fields = v.map((f: Record<string, unknown>) => {
        const { ['arg.properties']: _ignored, ...rest } = f;
        void _ignored;
        return { ...rest, type: stripArgProperties(f.type as AvroSchema) };
      });
    } else if ((k === 'type' || k === 'items' || k === 'values') && typeof v === 'object' && v !== null) {
      out[k] = stripArgProperties(v as AvroSchema);
    } else {
      out[k] = v;
    }
  }
  return out as AvroSchema;
}
