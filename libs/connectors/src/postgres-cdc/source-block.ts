// The PostgreSQL `source` block (PostgresSourceInfoStructMaker): the common Debezium fields, then
// schema, table, txId, lsn, xmin. `sequence` is ["<last commit LSN>","<LSN>"] as decimal strings.
import { SchemaBuilder, Struct, type Schema } from '@libs/connect-spi';
import { commonSourceValues, sourceInfoSchema, type SnapshotMarker } from '../debezium';

export const PG_SOURCE_SCHEMA: Schema = sourceInfoSchema('io.debezium.connector.postgresql.Source', [
  ['schema', SchemaBuilder.string().build()],
  ['table', SchemaBuilder.string().build()],
  ['txId', SchemaBuilder.int64().optional().build()],
  ['lsn', SchemaBuilder.int64().optional().build()],
  ['xmin', SchemaBuilder.int64().optional().build()],
]);

export interface PgSource {
  name: string;
  tsMs: number;
  snapshot: SnapshotMarker | null;
  db: string;
  schema: string;
  table: string;
  txId: number | null;
  lsn: number;
  lastCommitLsn: number | null;
}

export function pgSourceValue(s: PgSource): Struct {
  const v = new Struct(PG_SOURCE_SCHEMA);
  const common = commonSourceValues({
    connector: 'postgresql',
    name: s.name,
    tsMs: s.tsMs,
    snapshot: s.snapshot,
    db: s.db,
    sequence: JSON.stringify([s.lastCommitLsn === null ? null : String(s.lastCommitLsn), String(s.lsn)]),
  });
  for (const [k, x] of Object.entries(common)) v.put(k, x);
  v.put('schema', s.schema);
  v.put('table', s.table);
  v.put('txId', s.txId);
  v.put('lsn', s.lsn);
  v.put('xmin', null);
  return v;
}
