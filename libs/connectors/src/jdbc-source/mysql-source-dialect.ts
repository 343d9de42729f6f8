// MySqlSource's dialect (mysql2): tables of db.name, the JDBC type each MySQL column has for
// Connector/J (TINYINT(1) and BIT(1) as BIT, YEAR as DATE, unsigned one size up), NOW(6) as the
// clock, and a streamed result (the connection pauses while the task is behind: Connector/J's
// useCursorFetch). The session time zone is UTC, so TIMESTAMP values and bound parameters for
// TIMESTAMP columns are UTC text; DATETIME values are wall-clock time in db.timezone.
import type { Connection, FieldPacket } from 'mysql2/promise';
import type { Readable } from 'node:stream';
import type { EgressPolicy } from '../egress/egress-policy';
import { connectMySql } from '../mysql-sink/mysql-session';
import type { ColumnKind, ColumnMeta } from './column-types';
import { isolationSql, type ResultCursor, type SourceDialect, type TableRef } from './dialect';
import type { JdbcSourceConfig } from './jdbc-source-config';
import { wallClockText } from './time-text';

const T = {
  DECIMAL: 0,
  TINY: 1,
  SHORT: 2,
  LONG: 3,
  FLOAT: 4,
  DOUBLE: 5,
  NULL: 6,
  TIMESTAMP: 7,
  LONGLONG: 8,
  INT24: 9,
  DATE: 10,
  TIME: 11,
  DATETIME: 12,
  YEAR: 13,
  NEWDATE: 14,
  BIT: 16,
  NEWDECIMAL: 246,
  GEOMETRY: 255,
} as const;
const NOT_NULL = 1;
const UNSIGNED = 32;
const AUTO_INCREMENT = 512;
const BINARY_CHARSET = 63;

function kindOf(f: FieldPacket): ColumnKind {
  const flags = typeof f.flags === 'number' ? f.flags : 0;
  const unsigned = (flags & UNSIGNED) !== 0;
  const len = f.columnLength ?? 0;
  switch (f.columnType) {
    case T.TINY:
      return { k: 'int', bits: len === 1 || !unsigned ? 8 : 16 };
    case T.SHORT:
      return { k: 'int', bits: unsigned ? 32 : 16 };
    case T.INT24:
    case T.LONG:
      return { k: 'int', bits: unsigned ? 64 : 32 };
    case T.LONGLONG:
      return { k: 'int', bits: 64 };
    case T.FLOAT:
      return { k: 'float32' };
    case T.DOUBLE:
      return { k: 'float64' };
    case T.DECIMAL:
    case T.NEWDECIMAL: {
      const scale = f.decimals;
      return { k: 'decimal', precision: len - (scale > 0 ? 1 : 0) - (unsigned ? 0 : 1), scale };
    }
    case T.DATE:
    case T.NEWDATE:
      return { k: 'date' };
    case T.YEAR:
      return { k: 'year' };
    case T.TIME:
      return { k: 'time' };
    case T.DATETIME:
      return { k: 'timestamp', zoned: false };
    case T.TIMESTAMP:
      return { k: 'timestamp', zoned: true };
    case T.BIT:
      return { k: 'bits', as: len === 1 ? 'int8' : 'bytes' };
    case T.NULL:
      return { k: 'unsupported', type: 'NULL' };
    case T.GEOMETRY:
      return { k: 'bytes' };
    default:
      return f.characterSet === BINARY_CHARSET ? { k: 'bytes' } : { k: 'string' };
  }
}

function columnsOf(fields: FieldPacket[]): ColumnMeta[] {
  return fields.map((f) => {
    const flags = typeof f.flags === 'number' ? f.flags : 0;
    return {
      name: f.name,
      kind: kindOf(f),
      nullable: (flags & NOT_NULL) === 0,
      autoIncrement: (flags & AUTO_INCREMENT) !== 0,
    };
  });
}

class MySqlCursor implements ResultCursor {
  private readonly rows: AsyncIterator<unknown[]>;
  constructor(
    readonly columns: ColumnMeta[],
    private readonly stream: Readable,
  ) {
    this.rows = stream[Symbol.asyncIterator]() as AsyncIterator<unknown[]>;
  }
  async next(n: number): Promise<unknown[][]> {
    const out: unknown[][] = [];
    while (out.length < n) {
      const r = await this.rows.next();
      if (r.done) break;
      out.push(r.value);
    }
    return out;
  }
  async close(): Promise<void> {
    // a streamed result cannot be abandoned on the connection: read it to its end
    for (;;) if ((await this.rows.next()).done) return;
  }
}

export class MySqlSourceDialect implements SourceDialect {
  readonly name = 'MySQL';

  private constructor(
    private readonly conn: Connection,
    private readonly c: JdbcSourceConfig,
  ) {}

  static async connect(c: JdbcSourceConfig, policy: EgressPolicy): Promise<MySqlSourceDialect> {
    const conn = await connectMySql(c, policy, { jsonStrings: true });
    try {
      conn.on('error', () => undefined); // a lost connection fails the query in flight
      await conn.query("SET SESSION time_zone = '+00:00'");
      const iso = isolationSql(c.isolation);
      if (iso) await conn.query(`SET SESSION TRANSACTION ISOLATION LEVEL ${iso}`);
      return new MySqlSourceDialect(conn, c);
    } catch (e) {
      conn.destroy();
      throw e;
    }
  }

  quote(id: string): string {
    return this.c.quoteIdentifiers ? '`' + id.replace(/`/g, '``') + '`' : id;
  }
  tableSql(t: TableRef): string {
    return `${this.quote(t.schema)}.${this.quote(t.name)}`;
  }
  placeholder(): string {
    return '?';
  }

  async listTables(c: JdbcSourceConfig): Promise<TableRef[]> {
    const types = c.tableTypes.flatMap((t) =>
      t === 'TABLE' ? ['BASE TABLE'] : t === 'VIEW' ? ['VIEW', 'SYSTEM VIEW'] : [],
    );
    if (types.length === 0) return [];
    const [rows] = await this.conn.query(
      'SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN (?) ORDER BY TABLE_NAME',
      [c.database, types],
    );
    return (rows as { s: string; n: string }[]).map((r) => ({ schema: r.s, name: r.n, fq: `${r.s}.${r.n}` }));
  }

  async nowMicros(): Promise<bigint> {
    const [rows] = await this.conn.query({ sql: 'SELECT UNIX_TIMESTAMP(NOW(6)) AS t', rowsAsArray: true });
    const [secs, frac = ''] = String((rows as unknown[][])[0]![0]).split('.');
    return BigInt(secs!) * 1_000_000n + BigInt(frac.slice(0, 6).padEnd(6, '0'));
  }

  async describe(sql: string, params: unknown[]): Promise<ColumnMeta[]> {
    const [, fields] = await this.conn.query({ sql, values: params, rowsAsArray: true });
    return columnsOf(fields as FieldPacket[]);
  }

  async open(sql: string, params: unknown[], fetchSize: number): Promise<ResultCursor> {
    const core = (this.conn as unknown as { connection: StreamingConnection }).connection;
    const query = core.query({ sql, values: params, rowsAsArray: true });
    const stream = query.stream({ highWaterMark: Math.max(16, fetchSize) });
    const fields = await new Promise<FieldPacket[]>((resolve, reject) => {
      query.once('fields', (f: FieldPacket[]) => resolve(f));
      stream.once('error', reject);
      stream.once('end', () => resolve([]));
    });
    return new MySqlCursor(columnsOf(fields), stream);
  }

  bindTimestamp(micros: bigint, zoned: boolean): unknown {
    return wallClockText(micros, zoned ? 'UTC' : this.c.dbTimezone);
  }

  close(): Promise<void> {
    return this.conn.end();
  }
  destroy(): void {
    this.conn.destroy();
  }
}

/** The callback connection under mysql2/promise, whose queries can stream. */
interface StreamingConnection {
  query(options: { sql: string; values: unknown[]; rowsAsArray: boolean }): {
    stream(o: { highWaterMark: number }): Readable;
    once(event: 'fields', cb: (f: FieldPacket[]) => void): void;
  };
}
