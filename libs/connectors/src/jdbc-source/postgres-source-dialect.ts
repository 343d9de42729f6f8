// PostgresSource's dialect (pg): tables by schema.pattern and table.types, the JDBC type pgjdbc
// gives each Postgres type (numeric as NUMERIC, so numeric.mapping applies; json/jsonb/uuid as
// strings; bit(1) boolean; enums as strings, domains as their base type; arrays, intervals and
// other types unsupported), nullability and serial/identity from pg_attribute, and a server-side
// cursor (DECLARE … FETCH fetchSize) inside one transaction per query. Values are read as text.
import type { Client, FieldDef } from 'pg';
import type { EgressPolicy } from '../egress/egress-policy';
import { connectPostgres } from '../postgres-sink/postgres-session';
import type { ColumnKind, ColumnMeta } from './column-types';
import { isolationSql, type ResultCursor, type SourceDialect, type TableRef } from './dialect';
import type { JdbcSourceConfig } from './jdbc-source-config';
import { wallClockText } from './time-text';

/** Every value as the server's text: the column mapping parses it. */
const RAW_TYPES = { getTypeParser: () => (v: string) => v };

const BY_OID: Record<number, ColumnKind> = {
  16: { k: 'boolean' },
  17: { k: 'bytes' },
  18: { k: 'string' },
  19: { k: 'string' },
  20: { k: 'int', bits: 64 },
  21: { k: 'int', bits: 16 },
  23: { k: 'int', bits: 32 },
  25: { k: 'string' },
  26: { k: 'int', bits: 64 },
  114: { k: 'string' },
  142: { k: 'string' },
  700: { k: 'float32' },
  701: { k: 'float64' },
  790: { k: 'float64' },
  1042: { k: 'string' },
  1043: { k: 'string' },
  1082: { k: 'date' },
  1083: { k: 'time' },
  1114: { k: 'timestamp', zoned: false },
  1184: { k: 'timestamp', zoned: true },
  1266: { k: 'time' },
  2950: { k: 'string' },
  3802: { k: 'string' },
};

function kindOf(oid: number, typmod: number): ColumnKind | null {
  if (oid === 1700) {
    if (typmod < 0) return { k: 'numeric', precision: 0, scale: 0 };
    const t = typmod - 4;
    return { k: 'numeric', precision: (t >> 16) & 0xffff, scale: t & 0xffff };
  }
  if (oid === 1560 || oid === 1562) {
    // pgjdbc: bit(1) is BIT (boolean); longer bit strings are OTHER read as bytes
    if (typmod === 1) return { k: 'bits', as: 'boolean' };
    return { k: 'bits', as: typmod > 1 && typmod <= 8 ? 'int8' : 'bytes' };
  }
  return BY_OID[oid] ?? null;
}

interface Attr {
  notNull: boolean;
  auto: boolean;
}

class PgCursor implements ResultCursor {
  constructor(
    private readonly client: Client,
    readonly columns: ColumnMeta[],
    private buffered: unknown[][],
    /** The last FETCH returned fewer rows than asked: nothing more to fetch. */
    private done: boolean,
  ) {}
  async next(n: number): Promise<unknown[][]> {
    while (this.buffered.length < n && !this.done) {
      const r = await this.client.query({ text: `FETCH ${n} FROM cp_source`, rowMode: 'array', types: RAW_TYPES });
      if (r.rows.length < n) this.done = true;
      this.buffered.push(...(r.rows as unknown[][]));
    }
    return this.buffered.splice(0, n);
  }
  async close(): Promise<void> {
    this.buffered = [];
    await this.client.query('CLOSE cp_source');
    await this.client.query('COMMIT');
  }
}

export class PostgresSourceDialect implements SourceDialect {
  readonly name = 'PostgreSQL';
  private readonly typeCache = new Map<number, ColumnKind | null>();

  private constructor(
    private readonly client: Client,
    private readonly c: JdbcSourceConfig,
  ) {
    client.on('error', () => undefined); // a lost connection fails the query in flight
  }

  static async connect(c: JdbcSourceConfig, policy: EgressPolicy): Promise<PostgresSourceDialect> {
    return new PostgresSourceDialect(await connectPostgres(c, policy), c);
  }

  quote(id: string): string {
    return this.c.quoteIdentifiers ? '"' + id.replace(/"/g, '""') + '"' : id;
  }
  tableSql(t: TableRef): string {
    return `${this.quote(t.schema)}.${this.quote(t.name)}`;
  }
  placeholder(i: number): string {
    return `$${i}`;
  }

  async listTables(c: JdbcSourceConfig): Promise<TableRef[]> {
    const kinds = c.tableTypes.flatMap((t) => (t === 'TABLE' ? ['r', 'p'] : t === 'VIEW' ? ['v', 'm'] : []));
    if (kinds.length === 0) return [];
    const r = await this.client.query<{ s: string; n: string }>(
      `SELECT n.nspname AS s, c.relname AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = ANY($1) AND NOT c.relispartition
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
          AND ($2::text IS NULL OR n.nspname LIKE $2) AND has_table_privilege(c.oid, 'SELECT')
        ORDER BY n.nspname, c.relname`,
      [kinds, c.schemaPattern],
    );
    return r.rows.map((x) => ({ schema: x.s, name: x.n, fq: `${x.s}.${x.n}` }));
  }

  async nowMicros(): Promise<bigint> {
    const r = await this.client.query({
      text: 'SELECT (EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000000)::bigint',
      rowMode: 'array',
      types: RAW_TYPES,
    });
    return BigInt(String(r.rows[0]![0]));
  }

  async describe(sql: string, params: unknown[]): Promise<ColumnMeta[]> {
    const r = await this.client.query({ text: sql, values: params, rowMode: 'array', types: RAW_TYPES });
    return this.columnsOf(r.fields);
  }

  async open(sql: string, params: unknown[], fetchSize: number): Promise<ResultCursor> {
    const iso = isolationSql(this.c.isolation);
    await this.client.query(iso ? `BEGIN ISOLATION LEVEL ${iso} READ ONLY` : 'BEGIN READ ONLY');
    try {
      await this.client.query(`DECLARE cp_source NO SCROLL CURSOR FOR ${sql}`, params);
      const first = await this.client.query({
        text: `FETCH ${fetchSize} FROM cp_source`,
        rowMode: 'array',
        types: RAW_TYPES,
      });
      const columns = await this.columnsOf(first.fields);
      return new PgCursor(this.client, columns, first.rows as unknown[][], first.rows.length < fetchSize);
    } catch (e) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  bindTimestamp(micros: bigint, zoned: boolean): unknown {
    return zoned ? `${wallClockText(micros, 'UTC')}+00` : wallClockText(micros, this.c.dbTimezone);
  }

  private async columnsOf(fields: FieldDef[]): Promise<ColumnMeta[]> {
    const attrs = await this.attributes(fields);
    await this.resolveTypes(fields.map((f) => f.dataTypeID).filter((oid) => kindOf(oid, -1) === null));
    return fields.map((f) => {
      const a = attrs.get(`${f.tableID}/${f.columnID}`);
      const kind = kindOf(f.dataTypeID, f.dataTypeModifier) ?? this.typeCache.get(f.dataTypeID) ?? null;
      return {
        name: f.name,
        kind: kind ?? { k: 'unsupported', type: `oid ${f.dataTypeID}` },
        nullable: !a?.notNull,
        autoIncrement: a?.auto ?? false,
      };
    });
  }

  /** NOT NULL and serial / identity of the columns that come straight from a table. */
  private async attributes(fields: FieldDef[]): Promise<Map<string, Attr>> {
    const direct = fields.filter((f) => f.tableID > 0 && f.columnID > 0);
    if (direct.length === 0) return new Map();
    const r = await this.client.query<{ rel: number; num: number; notnull: boolean; auto: boolean }>(
      `SELECT a.attrelid::int AS rel, a.attnum::int AS num, a.attnotnull AS notnull,
              (a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%') AS auto
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE (a.attrelid, a.attnum) IN (SELECT * FROM unnest($1::oid[], $2::int2[]))`,
      [direct.map((f) => f.tableID), direct.map((f) => f.columnID)],
    );
    return new Map(r.rows.map((x) => [`${x.rel}/${x.num}`, { notNull: x.notnull, auto: x.auto }]));
  }

  /** Enums read as strings, domains as their base type; anything else stays unsupported. */
  private async resolveTypes(oids: number[]): Promise<void> {
    const unknown = [...new Set(oids)].filter((o) => !this.typeCache.has(o));
    if (unknown.length === 0) return;
    const r = await this.client.query<{ oid: number; typtype: string; base: number; mod: number }>(
      'SELECT oid::int AS oid, typtype, typbasetype::int AS base, typtypmod AS mod FROM pg_type WHERE oid = ANY($1::oid[])',
      [unknown],
    );
    for (const oid of unknown) this.typeCache.set(oid, null);
    for (const t of r.rows)
      this.typeCache.set(t.oid, t.typtype === 'e' ? { k: 'string' } : t.typtype === 'd' ? kindOf(t.base, t.mod) : null);
  }

  close(): Promise<void> {
    return this.client.end();
  }
  destroy(): void {
    this.client.end().catch(() => undefined);
  }
}
