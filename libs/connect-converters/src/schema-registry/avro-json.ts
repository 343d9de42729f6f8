// Avro schemas in their JSON form, and the Connect schema names and parameters Confluent's AvroData
// uses to carry what Connect's schema has no word for (unions, enums, fixed sizes, decimal precision);
// value helpers both directions share.
import { DataException } from '@libs/connect-spi';

export type AvroJson = string | AvroJsonObject | AvroJson[];
export interface AvroJsonObject {
  type: AvroJson;
  name?: string;
  namespace?: string;
  fields?: { name: string; type: AvroJson; default?: unknown; doc?: string }[];
  symbols?: string[];
  items?: AvroJson;
  values?: AvroJson;
  size?: number;
  logicalType?: string;
  precision?: number;
  scale?: number;
  doc?: string;
  [k: string]: unknown;
}

export const AVRO_UNION = 'io.confluent.connect.avro.Union';
export const AVRO_ENUM = 'io.confluent.connect.avro.Enum';
export const AVRO_FIXED_SIZE = 'connect.fixed.size';
export const DECIMAL_PRECISION = 'connect.decimal.precision';
export const DEFAULT_NAMESPACE = 'io.confluent.connect.avro';

/** Values that need no conversion. */
export function identity(v: unknown): unknown {
  return v;
}

/** Avro bytes (avsc Buffer, a Uint8Array, or a string) as a Buffer. */
export function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  throw new DataException('Expected bytes');
}
