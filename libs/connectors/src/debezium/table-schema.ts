// One captured table as Connect schemas: its `…Value` row struct (all columns optional, as
// Debezium makes before/after nullable), its `…Key` struct from the key columns (null when the
// table has none) and its envelope. Built once per table structure and reused per row.
import { SchemaBuilder, Struct, type Schema } from '@libs/connect-spi';
import { envelopeSchema } from './envelope';

export interface ColumnSchema {
  name: string;
  /** The column's Connect schema (optional when the column is nullable). */
  schema: Schema;
}

export interface TableSchemas {
  /** `<prefix>.<db|schema>.<table>`: topic name and schema name prefix. */
  recordName: string;
  topic: string;
  value: Schema;
  /** The Value schema without `optional`, as the row struct itself. */
  key: Schema | null;
  keyColumns: readonly string[];
  envelope: Schema;
}

export function buildTableSchemas(opts: {
  recordName: string;
  topic: string;
  columns: readonly ColumnSchema[];
  keyColumns: readonly string[];
  source: Schema;
}): TableSchemas {
  const value = SchemaBuilder.struct().name(`${opts.recordName}.Value`).optional();
  for (const c of opts.columns) value.field(c.name, c.schema);
  const valueSchema = value.build();
  let key: Schema | null = null;
  const keyColumns = opts.keyColumns.filter((k) => opts.columns.some((c) => c.name === k));
  if (keyColumns.length > 0) {
    const kb = SchemaBuilder.struct().name(`${opts.recordName}.Key`);
    for (const k of keyColumns) kb.field(k, opts.columns.find((c) => c.name === k)!.schema);
    key = kb.build();
  }
  return {
    recordName: opts.recordName,
    topic: opts.topic,
    value: valueSchema,
    key,
    keyColumns,
    envelope: envelopeSchema(opts.recordName, valueSchema, opts.source),
  };
}

/** The key struct of a row (its key columns' values), or null for a table without a key. */
export function keyOf(t: TableSchemas, row: Struct | null): Struct | null {
  if (!t.key || !row) return null;
  const k = new Struct(t.key);
  for (const c of t.keyColumns) k.put(c, row.get(c));
  return k;
}
