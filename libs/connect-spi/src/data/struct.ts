// A structured record value bound to a STRUCT schema. Values are checked on put() and the whole
// struct on validate(), as in Kafka Connect.
import { DataException } from '../errors';
import { BigDecimal } from './big-decimal';
import { valuesEqual } from './equality';
import type { Field, Schema, Type } from './schema';
import { validateValue } from './validate-value';

/** Values whose contents can change after put() (and are checked again by validate()). */
const CONTAINERS: ReadonlySet<Type> = new Set<Type>(['ARRAY', 'MAP', 'STRUCT']);

export class Struct {
  private readonly values: unknown[];

  constructor(readonly schema: Schema) {
    if (schema.type !== 'STRUCT') throw new DataException('Not a struct schema: ' + String(schema));
    this.values = new Array(schema.fields.length).fill(null);
  }

  /** The field's value, or the field schema's default when the value is null. */
  get(field: string | Field): unknown {
    return this.getAt(this.lookupField(field).index);
  }

  /** get() of the schema's field at `index`, without a lookup (converters walking every field). */
  getAt(index: number): unknown {
    const v = this.values[index];
    return v === null ? (this.schema.fields[index]?.schema.defaultValue ?? null) : v;
  }

  /** The raw value, without falling back to the default (replace.null.with.default=false). */
  getWithoutDefault(field: string | Field): unknown {
    return this.values[this.lookupField(field).index];
  }

  getInt8(name: string): number | null {
    return this.getCheckType(name, 'INT8') as number | null;
  }
  getInt16(name: string): number | null {
    return this.getCheckType(name, 'INT16') as number | null;
  }
  getInt32(name: string): number | null {
    return this.getCheckType(name, 'INT32') as number | null;
  }
  getInt64(name: string): number | bigint | null {
    return this.getCheckType(name, 'INT64') as number | bigint | null;
  }
  getFloat32(name: string): number | null {
    return this.getCheckType(name, 'FLOAT32') as number | null;
  }
  getFloat64(name: string): number | null {
    return this.getCheckType(name, 'FLOAT64') as number | null;
  }
  getBoolean(name: string): boolean | null {
    return this.getCheckType(name, 'BOOLEAN') as boolean | null;
  }
  getString(name: string): string | null {
    return this.getCheckType(name, 'STRING') as string | null;
  }
  getBytes(name: string): Uint8Array | null {
    return this.getCheckType(name, 'BYTES') as Uint8Array | null;
  }
  getArray(name: string): unknown[] | null {
    return this.getCheckType(name, 'ARRAY') as unknown[] | null;
  }
  getMap(name: string): Map<unknown, unknown> | Record<string, unknown> | null {
    return this.getCheckType(name, 'MAP') as Map<unknown, unknown> | Record<string, unknown> | null;
  }
  getStruct(name: string): Struct | null {
    return this.getCheckType(name, 'STRUCT') as Struct | null;
  }

  put(field: string | Field, value: unknown): this {
    const f = this.lookupField(field);
    const v = value === undefined ? null : value;
    validateValue(f.schema, v, f.name);
    this.values[f.index] = v;
    return this;
  }

  /** Throws DataException if a required field without default is null or any value is invalid. */
  validate(): void {
    for (const f of this.schema.fields) {
      const v = this.values[f.index];
      if (v === null) {
        if (f.schema.optional || f.schema.defaultValue !== null) continue;
      } else if (!CONTAINERS.has(f.schema.type)) continue; // put() checked it; it cannot have changed since
      validateValue(f.schema, v, f.name);
    }
  }

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof Struct) || !this.schema.equals(other.schema)) return false;
    for (let i = 0; i < this.values.length; i++) if (!valuesEqual(this.values[i], other.values[i])) return false;
    return true;
  }

  /** Connect's debug form, e.g. `Struct{id=1,name=x}`; null fields are left out. */
  toString(): string {
    const parts: string[] = [];
    for (const f of this.schema.fields) {
      const v = this.values[f.index];
      if (v !== null) parts.push(`${f.name}=${javaString(v)}`);
    }
    return `Struct{${parts.join(',')}}`;
  }

  private lookupField(field: string | Field): Field {
    if (typeof field !== 'string') {
      if (this.schema.fields[field.index] !== field && !this.schema.fields[field.index]?.equals(field))
        throw new DataException(`Field ${field.name} is not a valid field for this struct`);
      return field;
    }
    const f = this.schema.field(field);
    if (!f) throw new DataException(`${field} is not a valid field name`);
    return f;
  }

  private getCheckType(name: string, type: Type): unknown {
    const f = this.lookupField(name);
    if (f.schema.type !== type) throw new DataException(`Field '${name}' is not of type ${type}`);
    return this.values[f.index];
  }
}

/** Java-ish toString for Connect values (StringConverter, Struct.toString, Cast to string). */
export function javaString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (Array.isArray(v)) return '[' + v.map(javaString).join(', ') + ']';
  if (v instanceof Map) return '{' + [...v].map(([k, x]) => `${javaString(k)}=${javaString(x)}`).join(', ') + '}';
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Struct || v instanceof BigDecimal) return v.toString();
  if (typeof v === 'object')
    return (
      '{' +
      Object.entries(v)
        .map(([k, x]) => `${k}=${javaString(x)}`)
        .join(', ') +
      '}'
    );
  return String(v);
}
