// Connect values as plain JSON-like data, so JSONPath can walk Structs and Maps alike.
import { BigDecimal, isPlainObject, Struct } from '@libs/connect-spi';

export function toPlain(value: unknown): unknown {
  if (value instanceof Struct) {
    const out: Record<string, unknown> = {};
    for (const f of value.schema.fields) out[f.name] = toPlain(value.get(f));
    return out;
  }
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = toPlain(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof BigDecimal) return value.toNumber();
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return Number(value);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k in value) out[k] = toPlain(value[k]);
    return out;
  }
  return value;
}
