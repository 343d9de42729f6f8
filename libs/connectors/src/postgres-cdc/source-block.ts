// The PostgreSQL `source` block (PostgresSourceInfoStructMaker): the common Debezium fields, then
// schema, table, txId, lsn, xmin. `sequence` is ["<last commit LSN>","<LSN>"] as decimal strings.
import { SchemaBuilder, Struct, type Schema } from '@libs/connect-spi';
import { sourceInfoSchema, sourceStruct, type SnapshotMarker } from '../debezium';

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
  return sourceStruct(
    PG_SOURCE_SCHEMA,
    {
      connector: 'postgresql',
      name: s.name,
      tsMs: s.tsMs,
      snapshot: s.snapshot,
      db: s.db,
      sequence: JSON.stringify([s.lastCommitLsn === null ? null : String(s.lastCommitLsn), String(s.lsn)]),
    },
    [s.schema, s.table, s.txId, s.lsn, null], // schema, table, txId, lsn, xmin
  );
}
