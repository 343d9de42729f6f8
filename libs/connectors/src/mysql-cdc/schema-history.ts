// The schema history: the captured tables' structures as of the connector's binlog position, so
// rows are decoded with the columns their table had when they were written — after a DDL
// mid-stream and after a restart. It travels in the source offset (key `history`) and is committed
// with the position it belongs to; compiled Connect schemas are cached per structure.
import { Struct } from '@libs/connect-spi';
import { adjustSchemaName, buildTableSchemas, dataTopic, type TableSchemas } from '../debezium';
import type { CaptureScope } from './catalog';
import type { TableDef } from './column-def';
import type { MySqlCdcConfig } from './mysql-cdc-config';
import { binlogSourceSchema } from './source-block';
import { mapColumn, type ColumnMapping } from './type-mapping';

export interface HistoryOffset {
  v: 1;
  tables: TableDef[];
}

export interface CompiledTable {
  def: TableDef;
  schemas: TableSchemas;
  /** Included columns with their mapping, in table order. */
  columns: { name: string; mapping: ColumnMapping }[];
}

export class SchemaHistory {
  private readonly compiled = new Map<string, CompiledTable>();
  /** The offset form, rebuilt only when a structure changes (records share it). */
  private snapshot: HistoryOffset;

  constructor(
    private readonly c: MySqlCdcConfig,
    private readonly scope: CaptureScope,
    private tables: Map<string, TableDef>,
  ) {
    this.snapshot = this.toOffset();
  }

  static fromOffset(c: MySqlCdcConfig, scope: CaptureScope, raw: unknown): SchemaHistory | null {
    const h = raw as HistoryOffset | undefined;
    if (!h || h.v !== 1 || !Array.isArray(h.tables)) return null;
    return new SchemaHistory(c, scope, new Map(h.tables.map((t) => [`${t.db}.${t.table}`, t])));
  }

  get offset(): HistoryOffset {
    return this.snapshot;
  }

  def(db: string, table: string): TableDef | undefined {
    return this.tables.get(`${db}.${table}`);
  }

  /** Replaces the structures (after a DDL): tables absent from `next` were dropped. */
  replace(next: Map<string, TableDef>): void {
    this.tables = next;
    this.compiled.clear();
    this.snapshot = this.toOffset();
  }

  table(db: string, table: string): CompiledTable | undefined {
    const key = `${db}.${table}`;
    let t = this.compiled.get(key);
    if (t) return t;
    const def = this.tables.get(key);
    if (!def) return undefined;
    const columns = def.columns
      .filter((col) => this.scope.capturesColumn(db, table, col.name))
      .map((col) => ({
        name: col.name,
        mapping: mapColumn(col, {
          decimal: this.c.decimalHandlingMode,
          time: this.c.timePrecisionMode,
          binary: this.c.binaryHandlingMode,
          bigintUnsigned: this.c.bigintUnsignedHandlingMode,
        }),
      }));
    const recordName = dataTopic(this.c.topicPrefix, db, table);
    t = {
      def,
      columns,
      schemas: buildTableSchemas({
        recordName: adjustSchemaName(recordName, this.c.nameAdjustment),
        topic: recordName,
        columns: columns.map((x) => ({ name: x.name, schema: x.mapping.schema })),
        keyColumns: def.primaryKey,
        source: binlogSourceSchema(this.c.flavor),
      }),
    };
    this.compiled.set(key, t);
    return t;
  }

  private toOffset(): HistoryOffset {
    return { v: 1, tables: [...this.tables.values()] };
  }
}

/** A row (column name → raw value) as the table's `…Value` struct. */
export function rowStruct(t: CompiledTable, row: Readonly<Record<string, unknown>>): Struct {
  const s = new Struct(t.schemas.value);
  const fields = t.schemas.value.fields; // the columns' order
  for (let i = 0; i < t.columns.length; i++) {
    const col = t.columns[i]!;
    s.put(fields[i]!, col.mapping.convert(row[col.name]));
  }
  return s;
}
