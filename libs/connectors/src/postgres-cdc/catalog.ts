// The captured tables of the connector's database from the catalog (pg_class, pg_attribute,
// pg_type, pg_enum, pg_index), filtered by the schema/table/column include and exclude lists,
// compiled into Debezium's Key/Value/Envelope schemas with one converter per column.
import type { Client } from 'pg';
import { Struct } from '@libs/connect-spi';
import {
  adjustSchemaName,
  buildTableSchemas,
  dataTopic,
  IdFilter,
  putOrFallback,
  type TableSchemas,
} from '../debezium';
import type { PgColumnDef, PgTableDef } from './column-def';
import type { PostgresCdcConfig } from './postgres-cdc-config';
import { PG_SOURCE_SCHEMA } from './source-block';
import { mapPgColumn, type PgColumnMapping, type PgTypeOptions } from './type-mapping';

export class PgCaptureScope {
  private readonly schemas: IdFilter;
  private readonly tables: IdFilter;
  readonly columns: IdFilter;
  constructor(c: PostgresCdcConfig) {
    this.schemas = IdFilter.of(c.schemaInclude, c.schemaExclude);
    this.tables = IdFilter.of(c.tableInclude, c.tableExclude);
    this.columns = IdFilter.of(c.columnInclude, c.columnExclude);
  }
  captures(schema: string, table: string): boolean {
    return this.schemas.matches(schema) && this.tables.matches(`${schema}.${table}`);
  }
}

const TABLES_SQL = `
SELECT n.nspname AS schema, c.relname AS "table", c.relreplident AS ident, a.attname AS name,
       COALESCE(bt.typname, t.typname) AS type, COALESCE(bt.typtype, t.typtype) AS kind,
       et.typname AS elem, a.atttypmod AS typmod, a.attnotnull AS notnull,
       (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e
         WHERE e.enumtypid = COALESCE(et.oid, bt.oid, t.oid)) AS labels
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
  LEFT JOIN pg_type et ON COALESCE(bt.typcategory, t.typcategory) = 'A' AND et.oid = COALESCE(bt.typelem, t.typelem)
 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
 ORDER BY n.nspname, c.relname, a.attnum`;

const PK_SQL = `
SELECT n.nspname AS schema, c.relname AS "table", a.attname AS name
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
 WHERE i.indisprimary
 ORDER BY n.nspname, c.relname, array_position(i.indkey::int2[], a.attnum)`;

/** Every captured table of the database (columns filtered by the column lists). */
export async function readPgTables(client: Client, scope: PgCaptureScope): Promise<PgTableDef[]> {
  const cols = await client.query<Record<string, string | null>>(TABLES_SQL);
  const pks = await client.query<Record<string, string>>(PK_SQL);
  const byId = new Map<string, PgTableDef>();
  for (const r of cols.rows) {
    const schema = r['schema']!;
    const table = r['table']!;
    if (!scope.captures(schema, table)) continue;
    const id = `${schema}.${table}`;
    let t = byId.get(id);
    if (!t) byId.set(id, (t = { schema, table, columns: [], primaryKey: [], replicaIdentity: r['ident'] ?? 'd' }));
    if (!scope.columns.matches(`${id}.${r['name']}`)) continue;
    const col: PgColumnDef = {
      name: r['name']!,
      typeName: r['elem'] ?? r['type']!,
      typeKind: r['kind']!,
      elementType: r['elem'] ?? null,
      typmod: Number(r['typmod']),
      nullable: r['notnull'] !== 't' && r['notnull'] !== 'true',
      enumLabels: r['labels'] ? r['labels'].split(',') : null,
    };
    if (col.elementType) col.typeName = r['type']!;
    t.columns.push(col);
  }
  for (const r of pks.rows) byId.get(`${r['schema']}.${r['table']}`)?.primaryKey.push(r['name']!);
  return [...byId.values()];
}

/** A captured table's schemas and per-column converters. */
export interface PgCompiledTable {
  def: PgTableDef;
  schemas: TableSchemas;
  /** The columns in the value schema's field order, with their converters. */
  columns: readonly { name: string; mapping: PgColumnMapping }[];
}

export function typeOptions(c: PostgresCdcConfig): PgTypeOptions {
  return {
    decimal: c.decimalHandlingMode,
    time: c.timePrecisionMode,
    binary: c.binaryHandlingMode,
    interval: c.intervalHandlingMode,
    moneyFractionDigits: c.moneyFractionDigits,
  };
}

export function compilePgTable(c: PostgresCdcConfig, def: PgTableDef): PgCompiledTable {
  const o = typeOptions(c);
  const columns = def.columns.map((col) => ({ name: col.name, mapping: mapPgColumn(col, o) }));
  const recordName = adjustSchemaName(`${c.topicPrefix}.${def.schema}.${def.table}`, c.nameAdjustment);
  const schemas = buildTableSchemas({
    recordName,
    topic: dataTopic(c.topicPrefix, def.schema, def.table),
    columns: columns.map((col) => ({ name: col.name, schema: col.mapping.schema })),
    keyColumns: def.primaryKey,
    source: PG_SOURCE_SCHEMA,
  });
  return { def, schemas, columns };
}

/**
 * A row struct from text values. `undefined` (an unchanged TOASTed column pgoutput did not send)
 * becomes the unavailable-value placeholder for string columns, null otherwise.
 */
export function pgRowStruct(t: PgCompiledTable, row: Record<string, unknown>, placeholder: string): Struct {
  // by position, as structOf() would by name (a row per record: no values object, no name lookups)
  const s = new Struct(t.schemas.value);
  const fields = t.schemas.value.fields;
  for (let i = 0; i < t.columns.length; i++) {
    const m = t.columns[i]!.mapping;
    const raw = row[t.columns[i]!.name];
    const v =
      raw === undefined
        ? m.schema.type === 'STRING'
          ? placeholder
          : null
        : raw === null
          ? null
          : m.convert(Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw));
    putOrFallback(s, fields[i]!, v);
  }
  return s;
}

/** pg's identity parser: pgoutput values stay the server's text. */
export const TEXT_PARSER = (v: string): string => v;
