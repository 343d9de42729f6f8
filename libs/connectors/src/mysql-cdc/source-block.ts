// The MySQL / MariaDB `source` block (BinlogSourceInfoStructMaker): the common Debezium fields, then
// table, server_id, gtid, file, pos, row, thread, query.
import { SchemaBuilder, Struct, type Schema } from '@libs/connect-spi';
import { sourceInfoSchema, sourceStruct, type SnapshotMarker } from '../debezium';
import type { CdcFlavor } from './mysql-cdc-config';

const schemas = new Map<CdcFlavor, Schema>();

export function binlogSourceSchema(flavor: CdcFlavor): Schema {
  let s = schemas.get(flavor);
  if (!s) {
    s = sourceInfoSchema(`io.debezium.connector.${flavor}.Source`, [
      ['table', SchemaBuilder.string().optional().build()],
      ['server_id', SchemaBuilder.int64().build()],
      ['gtid', SchemaBuilder.string().optional().build()],
      ['file', SchemaBuilder.string().build()],
      ['pos', SchemaBuilder.int64().build()],
      ['row', SchemaBuilder.int32().build()],
      ['thread', SchemaBuilder.int64().optional().build()],
      ['query', SchemaBuilder.string().optional().build()],
    ]);
    schemas.set(flavor, s);
  }
  return s;
}

export interface BinlogSource {
  flavor: CdcFlavor;
  name: string;
  tsMs: number;
  snapshot: SnapshotMarker | null;
  db: string;
  table: string;
  serverId: number;
  gtid: string | null;
  file: string;
  pos: number;
  row: number;
  thread: number | null;
}

export function binlogSourceValue(s: BinlogSource): Struct {
  return sourceStruct(
    binlogSourceSchema(s.flavor),
    { connector: s.flavor, name: s.name, tsMs: s.tsMs, snapshot: s.snapshot, db: s.db },
    // table, server_id, gtid, file, pos, row, thread, query
    [s.table, s.serverId, s.gtid, s.file, s.pos, s.row, s.thread, null],
  );
}
