// The four logical types of Kafka Connect. Each is a named, versioned primitive schema plus the
// conversion between its logical JS value and the underlying primitive.
import { DataException } from '../errors';
import { BigDecimal } from './big-decimal';
import type { Schema } from './schema';
import { SchemaBuilder } from './schema-builder';

const MILLIS_PER_DAY = 86_400_000;

export const Decimal = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Decimal',
  SCALE_FIELD: 'scale',

  builder(scale: number): SchemaBuilder {
    return SchemaBuilder.bytes().name(Decimal.LOGICAL_NAME).parameter(Decimal.SCALE_FIELD, String(scale)).version(1);
  },
  schema(scale: number): Schema {
    return Decimal.builder(scale).build();
  },

  scaleOf(schema: Schema): number {
    const raw = schema.parameters?.[Decimal.SCALE_FIELD];
    if (raw === undefined) throw new DataException('Invalid Decimal schema: scale parameter not found.');
    const scale = Number(raw);
    if (!Number.isInteger(scale)) throw new DataException(`Invalid scale parameter found in Decimal schema: ${raw}`);
    return scale;
  },

  /** BigDecimal → big-endian two's-complement bytes of the unscaled value (BigInteger.toByteArray). */
  fromLogical(schema: Schema, value: BigDecimal): Buffer {
    if (value.scale !== Decimal.scaleOf(schema))
      throw new DataException('BigDecimal has mismatching scale value for given Decimal schema');
    return bigIntToBytes(value.unscaled);
  },

  toLogical(schema: Schema, value: Uint8Array): BigDecimal {
    return new BigDecimal(bytesToBigInt(value), Decimal.scaleOf(schema));
  },
} as const;

export const ConnectDate = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Date',
  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(ConnectDate.LOGICAL_NAME).version(1);
  },
  SCHEMA: null as unknown as Schema, // set below, after SchemaBuilder is usable
  /** Date at UTC midnight → days since epoch. */
  fromLogical(schema: Schema, value: Date): number {
    checkName(schema, ConnectDate.LOGICAL_NAME, 'Date');
    const ms = value.getTime();
    if (ms % MILLIS_PER_DAY !== 0)
      throw new DataException('Kafka Connect Date type should not have any time fields set to non-zero values.');
    return ms / MILLIS_PER_DAY;
  },
  toLogical(schema: Schema, value: number): Date {
    checkName(schema, ConnectDate.LOGICAL_NAME, 'Date');
    return new Date(value * MILLIS_PER_DAY);
  },
};

export const Time = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Time',
  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(Time.LOGICAL_NAME).version(1);
  },
  SCHEMA: null as unknown as Schema,
  /** Date on 1970-01-01 UTC → milliseconds since midnight. */
  fromLogical(schema: Schema, value: Date): number {
    checkName(schema, Time.LOGICAL_NAME, 'Time');
    const ms = value.getTime();
    if (ms < 0 || ms >= MILLIS_PER_DAY)
      throw new DataException('Kafka Connect Time type should not have any date fields set to non-zero values.');
    return ms;
  },
  toLogical(schema: Schema, value: number): Date {
    checkName(schema, Time.LOGICAL_NAME, 'Time');
    if (value < 0 || value > MILLIS_PER_DAY)
      throw new DataException('Time values must use number of milliseconds greater than 0 and less than 86400000');
    return new Date(value);
  },
};

export const Timestamp = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Timestamp',
  builder(): SchemaBuilder {
    return SchemaBuilder.int64().name(Timestamp.LOGICAL_NAME).version(1);
  },
  SCHEMA: null as unknown as Schema,
  fromLogical(schema: Schema, value: Date): number {
    checkName(schema, Timestamp.LOGICAL_NAME, 'Timestamp');
    return value.getTime();
  },
  toLogical(schema: Schema, value: number | bigint): Date {
    checkName(schema, Timestamp.LOGICAL_NAME, 'Timestamp');
    return new Date(Number(value));
  },
};

ConnectDate.SCHEMA = ConnectDate.builder().build();
Time.SCHEMA = Time.builder().build();
Timestamp.SCHEMA = Timestamp.builder().build();

export const LOGICAL_TYPE_NAMES: ReadonlySet<string> = new Set([
  Decimal.LOGICAL_NAME,
  ConnectDate.LOGICAL_NAME,
  Time.LOGICAL_NAME,
  Timestamp.LOGICAL_NAME,
]);

function checkName(schema: Schema, expected: string, label: string): void {
  if (schema.name !== expected)
    throw new DataException(`Requested conversion of ${label} object but the schema does not match.`);
}

/** The range bigIntToBytes encodes through a number (6 bytes). */
const SIX_BYTES_MIN = -(2n ** 47n);
const SIX_BYTES_END = 2n ** 47n;

/** Minimal two's-complement big-endian encoding, as java.math.BigInteger.toByteArray(). */
export function bigIntToBytes(value: bigint): Buffer {
  // the usual decimal (up to 6 bytes, e.g. any price) without a bigint loop: one per decimal per record
  if (value >= SIX_BYTES_MIN && value < SIX_BYTES_END) {
    const n = Number(value);
    let len = 1;
    while (n < -(2 ** (8 * len - 1)) || n >= 2 ** (8 * len - 1)) len++;
    const buf = Buffer.allocUnsafe(len);
    buf.writeIntBE(n, 0, len);
    return buf;
  }
  const bytes: number[] = [];
  let v = value;
  for (;;) {
    const b = Number(v & 0xffn);
    bytes.unshift(b);
    v >>= 8n;
    // Stop once the remaining value is pure sign extension of the top byte written.
    if ((v === 0n && (b & 0x80) === 0) || (v === -1n && (b & 0x80) !== 0)) break;
  }
  return Buffer.from(bytes);
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if (bytes[0] & 0x80) v -= 1n << BigInt(bytes.length * 8);
  return v;
}
