import { formatJavaDouble, formatJavaFloat } from './java-number-format';

/**
 * Record keys as Confluent Cloud's DatagenSource produces them. The connector makes the key the value of
 * the key field, typed by that field's schema; Cloud pins `key.converter` to StringConverter, which
 * writes Java's `toString()` of that value as UTF-8. So ORDERS' int orderid 7 becomes the key "7".
 *
 * Without a key field (a `schema.string` with no `schema.keyfield`) the key is null: the record has no
 * key at all, not an empty string. With a quickstart and no `schema.keyfield`, the quickstart's own key
 * field is used (see resolveKeyField).
 */
export function keyString(value: unknown, avroType?: string): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (avroType === 'float') return formatJavaFloat(value);
      if (avroType === 'double') return formatJavaDouble(value);
      return Number.isInteger(value) ? String(value) : formatJavaDouble(value);
    default:
      // Only custom schemas can key on a record/array/map/bytes field; there Java prints its own object
      // syntax (Struct{...}), which we do not imitate: JSON is the readable stand-in.
      if (Buffer.isBuffer(value)) return value.toString('latin1');
      return JSON.stringify(value);
  }
}

/** The key field in effect: `schema.keyfield` if set, else the quickstart's, else none. */
export function resolveKeyField(
  schemaKeyfield: string | undefined,
  quickstartKeyField: string | undefined,
): string | undefined {
  if (schemaKeyfield !== undefined && schemaKeyfield !== '') return schemaKeyfield;
  return quickstartKeyField;
}
