// The `source` block every Debezium connector shares (SchemaFactory.sourceInfoSchemaBuilder):
// version, connector, name, ts_ms, snapshot, db, sequence, ts_us, ts_ns. Each database appends its
// own fields (binlog coordinates for MySQL/MariaDB, LSN/txId for Postgres) through `extra`.
import { SchemaBuilder, Struct, type Schema } from '@libs/connect-spi';
import { nanosOfMillis } from './nanos';

/** The Debezium release whose event format these connectors produce. */
export const DEBEZIUM_VERSION = '3.2.0.Final';

export const SNAPSHOT_ENUM_VALUES = [
  'true',
  'first',
  'first_in_data_collection',
  'last_in_data_collection',
  'last',
  'false',
  'incremental',
] as const;
export type SnapshotMarker = (typeof SNAPSHOT_ENUM_VALUES)[number];

/** Debezium's `source.snapshot` of a snapshot row, from its place in the whole snapshot and its table. */
export function snapshotMarker(at: {
  first: boolean;
  last: boolean;
  firstInTable: boolean;
  lastInTable: boolean;
}): SnapshotMarker {
  if (at.first) return 'first';
  if (at.last) return 'last';
  if (at.firstInTable) return 'first_in_data_collection';
  if (at.lastInTable) return 'last_in_data_collection';
  return 'true';
}

/** io.debezium.data.Enum: a string with the allowed values as a schema parameter. */
export function enumSchema(allowed: readonly string[], optional: boolean, defaultValue?: string): SchemaBuilder {
  const b = SchemaBuilder.string().name('io.debezium.data.Enum').version(1).parameter('allowed', allowed.join(','));
  if (optional) b.optional();
  if (defaultValue !== undefined) b.defaultValue(defaultValue);
  return b;
}

/** A source block: the common fields, then `extra` (name → schema) in order. */
export function sourceInfoSchema(schemaName: string, extra: ReadonlyArray<[string, Schema]>): Schema {
  const b = SchemaBuilder.struct()
    .name(schemaName)
    .field('version', SchemaBuilder.string().build())
    .field('connector', SchemaBuilder.string().build())
    .field('name', SchemaBuilder.string().build())
    .field('ts_ms', SchemaBuilder.int64().build())
    .field('snapshot', enumSchema(SNAPSHOT_ENUM_VALUES, true, 'false').build())
    .field('db', SchemaBuilder.string().build())
    .field('sequence', SchemaBuilder.string().optional().build())
    .field('ts_us', SchemaBuilder.int64().optional().build())
    .field('ts_ns', SchemaBuilder.int64().optional().build());
  for (const [name, schema] of extra) b.field(name, schema);
  return b.build();
}

/** The common field values of a source block (the caller puts its own fields after). */
export interface CommonSourceInfo {
  connector: string;
  name: string;
  tsMs: number;
  snapshot: SnapshotMarker | null;
  db: string;
  sequence?: string | null;
}

/**
 * A source block of `schema` (made by sourceInfoSchema): the common fields, then `extra`, the
 * values of the database's own fields in their order. Filled by position: one per change event.
 */
export function sourceStruct(schema: Schema, s: CommonSourceInfo, extra: readonly unknown[]): Struct {
  const v = new Struct(schema);
  const f = schema.fields;
  v.put(f[0]!, DEBEZIUM_VERSION);
  v.put(f[1]!, s.connector);
  v.put(f[2]!, s.name);
  v.put(f[3]!, s.tsMs);
  v.put(f[4]!, s.snapshot ?? 'false');
  v.put(f[5]!, s.db);
  v.put(f[6]!, s.sequence ?? null);
  v.put(f[7]!, s.tsMs * 1000);
  v.put(f[8]!, nanosOfMillis(s.tsMs));
  for (let i = 0; i < extra.length; i++) v.put(f[9 + i]!, extra[i]);
  return v;
}

/**
 * A snapshot's source blocks: the rows of one table read in the same millisecond under the same
 * marker share one block (emitted Structs are never changed), instead of one Struct per row that
 * lives as long as its batch.
 */
export function snapshotSourceBlocks(): (
  table: object,
  marker: SnapshotMarker,
  tsMs: number,
  make: () => Struct,
) => Struct {
  let last: { table: object; marker: SnapshotMarker; tsMs: number; block: Struct } | null = null;
  return (table, marker, tsMs, make) => {
    if (last && last.table === table && last.marker === marker && last.tsMs === tsMs) return last.block;
    last = { table, marker, tsMs, block: make() };
    return last.block;
  };
}
