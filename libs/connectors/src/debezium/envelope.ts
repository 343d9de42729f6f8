// Debezium's change event: the key struct `<prefix>.<db>.<table>.Key` (primary-key columns), the
// value envelope `<…>.Envelope` (before/after of `<…>.Value`, source, op, ts_ms/us/ns,
// transaction) and the tombstone that follows a delete. Database-neutral: the caller gives the
// row schema, the source block schema and values.
import { BigDecimal, Decimal, SchemaBuilder, Struct, type Field, type Schema } from '@libs/connect-spi';
import { nanosOfMillis } from './nanos';

export type Op = 'c' | 'u' | 'd' | 'r' | 't';

/** event.block: the transaction a change belongs to (provide.transaction.metadata). */
export const TRANSACTION_BLOCK_SCHEMA: Schema = SchemaBuilder.struct()
  .name('event.block')
  .version(1)
  .optional()
  .field('id', SchemaBuilder.string().build())
  .field('total_order', SchemaBuilder.int64().build())
  .field('data_collection_order', SchemaBuilder.int64().build())
  .build();

/** The envelope schema of one table; `recordName` is `<prefix>.<db>.<table>`. */
export function envelopeSchema(recordName: string, valueSchema: Schema, sourceSchema: Schema): Schema {
  return SchemaBuilder.struct()
    .name(`${recordName}.Envelope`)
    .version(2)
    .field('before', valueSchema)
    .field('after', valueSchema)
    .field('source', sourceSchema)
    .field('op', SchemaBuilder.string().build())
    .field('ts_ms', SchemaBuilder.int64().optional().build())
    .field('ts_us', SchemaBuilder.int64().optional().build())
    .field('ts_ns', SchemaBuilder.int64().optional().build())
    .field('transaction', TRANSACTION_BLOCK_SCHEMA)
    .build();
}

/**
 * A struct of `schema` from a plain field → value map. A field without a value stays null, unless
 * its column is NOT NULL: then it gets Debezium's fallback (its converters' value for a required
 * column with no data: 0, "", false, epoch…), as in a Postgres delete that carries only the key.
 */
export function structOf(schema: Schema, values: Readonly<Record<string, unknown>>): Struct {
  const s = new Struct(schema);
  for (const f of schema.fields) putOrFallback(s, f, values[f.name]);
  return s;
}

/** structOf()'s rule for one field: the value, or for a required field without one its fallback. */
export function putOrFallback(s: Struct, f: Field, v: unknown): void {
  if (v !== undefined && v !== null) s.put(f, v);
  else if (!f.schema.optional) s.put(f, fallbackValue(f.schema));
}

/** The value a required field takes when its column has no data (its default, else the type's zero). */
export function fallbackValue(schema: Schema): unknown {
  if (schema.defaultValue !== null && schema.defaultValue !== undefined) return schema.defaultValue;
  if (schema.name === Decimal.LOGICAL_NAME) return new BigDecimal(0n, Decimal.scaleOf(schema));
  if (schema.name?.startsWith('org.apache.kafka.connect.data.')) return new Date(0); // Date, Time, Timestamp
  switch (schema.type) {
    case 'BOOLEAN':
      return false;
    case 'STRING':
      return '';
    case 'BYTES':
      return Buffer.alloc(0);
    case 'ARRAY':
      return [];
    case 'MAP':
      return {};
    case 'STRUCT':
      return structOf(schema, {});
    default:
      return 0; // INT8…INT64, FLOAT32/64
  }
}

export interface EnvelopeValues {
  op: Op;
  before: Struct | null;
  after: Struct | null;
  source: Struct;
  /** When the connector processed the event (ms). */
  tsMs: number;
  transaction?: { id: string; totalOrder: number; dataCollectionOrder: number } | null;
}

export function envelopeValue(schema: Schema, e: EnvelopeValues): Struct {
  // by position, in envelopeSchema's field order (one per change event)
  const f = schema.fields;
  const s = new Struct(schema);
  s.put(f[0]!, e.before);
  s.put(f[1]!, e.after);
  s.put(f[2]!, e.source);
  s.put(f[3]!, e.op);
  s.put(f[4]!, e.tsMs);
  s.put(f[5]!, e.tsMs * 1000);
  s.put(f[6]!, nanosOfMillis(e.tsMs));
  if (e.transaction) {
    const t = new Struct(TRANSACTION_BLOCK_SCHEMA);
    t.put('id', e.transaction.id);
    t.put('total_order', e.transaction.totalOrder);
    t.put('data_collection_order', e.transaction.dataCollectionOrder);
    s.put(f[7]!, t);
  }
  return s;
}
