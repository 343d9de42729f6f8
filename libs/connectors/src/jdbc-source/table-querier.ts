// One table (or the query) of a task: its offset, the columns its mode uses, and one run of its
// query read batch.max.rows rows per poll. Records carry the offsets Confluent's queriers give them:
// each row's own (incrementing, timestamp+incrementing), or in timestamp mode the deferred offset of
// TimestampTableQuerier (a row's timestamp only once every row with that timestamp was read, so a
// restart in the middle of a group of equal timestamps re-reads the group instead of losing it).
import {
  ConnectException,
  SchemaBuilder,
  SourceRecord,
  Struct,
  type Field,
  type OffsetStorageReader,
  type Schema,
  type SourceMap,
} from '@libs/connect-spi';
import { mapColumn, type ColumnMeta, type MappingOptions } from './column-types';
import { clauseFor, paramsFor, type CriteriaColumns } from './criteria';
import type { ResultCursor, SourceDialect, TableRef } from './dialect';
import type { JdbcSourceConfig } from './jdbc-source-config';
import {
  QUERY_PARTITION,
  legacyTablePartition,
  offsetFromMap,
  offsetToMap,
  tablePartition,
  type QuerierOffset,
} from './offsets';
import { parseDateTimeMicros } from './time-text';

/** The Connect shape of one result: the value schema and, per column kept, its field and conversion. */
interface RowMapping {
  key: string;
  schema: Schema;
  fields: { field: Field; index: number; convert: (raw: unknown) => unknown }[];
  tsIndexes: number[];
  incIndex: number;
}

export class TableQuerier {
  readonly partition: SourceMap;
  readonly topic: string;
  /** When the next run may start (epoch ms). */
  nextDue = 0;
  private offset: QuerierOffset = { inc: null, tsNanos: null };
  /** Timestamp mode: the last timestamp whose rows were all read. */
  private completedTs: bigint | null = null;
  private cols: CriteriaColumns = { timestamp: [], incrementing: null, timestampZoned: false };
  private cursor: ResultCursor | null = null;
  private buffer: unknown[][] = [];
  private drained = false;
  private mapping: RowMapping | null = null;

  constructor(
    private readonly c: JdbcSourceConfig,
    readonly table: TableRef | null,
  ) {
    this.partition = table ? tablePartition(table.fq) : QUERY_PARTITION;
    this.topic = table ? c.topicPrefix + table.name : c.topicPrefix;
  }

  get label(): string {
    return this.table ? this.table.fq : 'the query';
  }

  private baseSql(d: SourceDialect): string {
    return this.table ? `SELECT * FROM ${d.tableSql(this.table)}` : this.c.query;
  }

  /** Reads the stored offset and resolves the mode's columns against the table's or query's columns. */
  async init(d: SourceDialect, reader: OffsetStorageReader | undefined): Promise<void> {
    const c = this.c;
    const probe = this.table ? `${this.baseSql(d)} WHERE 1 = 0` : `SELECT * FROM (${c.query}) cp_probe WHERE 1 = 0`;
    let columns: ColumnMeta[];
    try {
      columns = await d.describe(probe, []);
    } catch (e) {
      throw new ConnectException(`Failed to read the columns of ${this.label}: ${(e as Error).message}`);
    }
    this.cols = resolveColumns(c, this.table, columns);
    const partitions = this.table ? [this.partition, legacyTablePartition(this.table.name)] : [this.partition];
    const stored = reader ? await reader.offsets(partitions) : new Map<SourceMap, SourceMap | null>();
    const found = partitions.map((p) => stored.get(p) ?? null).find((o) => o !== null) ?? null;
    this.offset = offsetFromMap(found);
    if (!found && c.timestampInitial !== null && c.mode !== 'bulk' && c.mode !== 'incrementing')
      this.offset.tsNanos =
        (c.timestampInitial === -1 ? await d.nowMicros() : BigInt(c.timestampInitial) * 1000n) * 1000n;
    this.completedTs = this.offset.tsNanos;
  }

  /** Whether a run of the query is open (its rows are read before any other table's). */
  get running(): boolean {
    return this.cursor !== null;
  }

  /** The next batch of records; starts a run when none is open. Ends the run at the last row. */
  async poll(d: SourceDialect): Promise<SourceRecord[]> {
    if (!this.cursor) await this.open(d);
    const want = this.c.batchMaxRows + (this.c.mode === 'timestamp' ? 1 : 0); // one row of look-ahead
    while (this.buffer.length < want && !this.drained) {
      const rows = await this.cursor!.next(this.c.batchMaxRows);
      if (rows.length < this.c.batchMaxRows) this.drained = true;
      this.buffer.push(...rows);
    }
    const rows = this.buffer.splice(0, this.c.batchMaxRows);
    const records = rows.map((row, i) => this.record(row, i + 1 < rows.length ? rows[i + 1]! : this.buffer[0]));
    if (this.drained && this.buffer.length === 0) await this.finish();
    return records;
  }

  /** The query of the next run and its parameters (the upper bound is the DB's now − delay). */
  private async statement(d: SourceDialect): Promise<{ sql: string; params: unknown[] }> {
    const c = this.c;
    const timed = c.mode === 'timestamp' || c.mode === 'timestamp+incrementing';
    const upper = timed ? (await d.nowMicros()) - BigInt(c.timestampDelayMs) * 1000n : 0n;
    const sql = this.baseSql(d) + clauseFor(c.mode, d, this.cols) + (c.querySuffix ? ` ${c.querySuffix}` : '');
    return { sql, params: paramsFor(c.mode, d, this.cols, this.offset, upper) };
  }

  /** Runs the query with its clause and parameters without reading a row (validate). */
  async dryRun(d: SourceDialect): Promise<void> {
    const { sql, params } = await this.statement(d);
    await d.describe(`SELECT * FROM (${sql}) cp_check WHERE 1 = 0`, params);
  }

  private async open(d: SourceDialect): Promise<void> {
    const c = this.c;
    const { sql, params } = await this.statement(d);
    this.buffer = [];
    this.drained = false;
    this.cursor = await d.open(sql, params, c.batchMaxRows);
    this.mapping = this.mappingFor(this.cursor.columns);
  }

  private async finish(): Promise<void> {
    const cursor = this.cursor;
    this.cursor = null;
    this.nextDue = Date.now() + this.c.pollIntervalMs;
    await cursor?.close();
  }

  /** Drops the open run (its connection is gone); the next poll starts it again from the offset. */
  abandon(): void {
    this.cursor = null;
    this.buffer = [];
    this.completedTs = this.offset.tsNanos;
  }

  private record(row: unknown[], next: unknown[] | undefined): SourceRecord {
    const m = this.mapping!;
    const value = new Struct(m.schema);
    for (const f of m.fields) {
      const raw = row[f.index];
      value.put(f.field, raw === null || raw === undefined ? null : f.convert(raw));
    }
    return new SourceRecord(
      this.partition,
      offsetToMap(this.advance(row, next), this.c.mode),
      this.topic,
      null,
      null,
      null,
      m.schema,
      value,
    );
  }

  /** The offset a row's record carries, which is also where the querier now is. */
  private advance(row: unknown[], next: unknown[] | undefined): QuerierOffset {
    const mode = this.c.mode;
    if (mode === 'bulk') return this.offset;
    const m = this.mapping!;
    if (mode !== 'timestamp') {
      const raw = row[m.incIndex];
      if (raw === null || raw === undefined)
        throw new ConnectException(
          `Null value for incrementing column ${this.cols.incrementing} of ${this.label}: an incrementing column must not hold NULL`,
        );
      this.offset = { ...this.offset, inc: integral(raw, this.cols.incrementing!, this.label) };
    }
    if (mode !== 'incrementing') {
      const ts = this.timestampOf(row);
      if (mode === 'timestamp+incrementing') this.offset = { ...this.offset, tsNanos: ts ?? this.offset.tsNanos };
      else {
        // deferred: the group of rows with this timestamp is complete when the next row differs
        const nextTs = next ? this.timestampOf(next) : null;
        if (ts !== null && (next === undefined || nextTs !== ts)) this.completedTs = ts;
        this.offset = { ...this.offset, tsNanos: this.completedTs };
      }
    }
    return this.offset;
  }

  /** COALESCE of the timestamp columns, in epoch nanoseconds. */
  private timestampOf(row: unknown[]): bigint | null {
    for (const i of this.mapping!.tsIndexes) {
      const raw = row[i];
      if (raw === null || raw === undefined) continue;
      return parseDateTimeMicros(String(raw), this.cols.timestampZoned ? 'UTC' : this.c.dbTimezone) * 1000n;
    }
    return null;
  }

  private mappingFor(columns: ColumnMeta[]): RowMapping {
    const key = JSON.stringify(columns);
    if (this.mapping?.key === key) return this.mapping;
    const o: MappingOptions = {
      numericMapping: this.c.numericMapping,
      granularity: this.c.timestampGranularity,
      dbTimezone: this.c.dbTimezone,
    };
    const builder = SchemaBuilder.struct();
    if (this.table) builder.name(this.table.name);
    const kept: { index: number; convert: (raw: unknown) => unknown; name: string }[] = [];
    columns.forEach((col, index) => {
      const mapped = mapColumn(col, o);
      if (!mapped) return; // unsupported type: left out, as Confluent does (with a warning there)
      builder.field(col.name, mapped.schema);
      kept.push({ index, convert: mapped.convert, name: col.name });
    });
    const schema = builder.build();
    const index = (name: string) => findColumn(columns, name);
    return {
      key,
      schema,
      fields: kept.map((k) => ({ field: schema.field(k.name)!, index: k.index, convert: k.convert })),
      tsIndexes: this.cols.timestamp.map(index),
      incIndex: this.cols.incrementing ? index(this.cols.incrementing) : -1,
    };
  }
}

function findColumn(columns: ColumnMeta[], name: string): number {
  const exact = columns.findIndex((c) => c.name === name);
  return exact >= 0 ? exact : columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
}

function integral(raw: unknown, column: string, label: string): bigint {
  const s = String(raw);
  if (!/^-?\d+(\.0*)?$/.test(s))
    throw new ConnectException(`Incrementing column ${column} of ${label} holds ${s}, which is not an integer`);
  return BigInt(s.replace(/\.0*$/, ''));
}

/** The mode's columns for a table (or the query), checked against its columns. */
export function resolveColumns(c: JdbcSourceConfig, table: TableRef | null, columns: ColumnMeta[]): CriteriaColumns {
  const label = table ? table.fq : 'the query';
  const fromMapping = (rules: JdbcSourceConfig['timestampMapping'], property: string): string[] | null => {
    if (rules.length === 0 || !table) return null;
    const matching = rules.filter((r) => r.regex.test(table.fq));
    if (matching.length !== 1)
      throw new ConnectException(
        `Table ${table.fq} matches ${matching.length} entries of ${property}; it must match exactly one`,
      );
    return matching[0]!.columns;
  };
  const need = (name: string, property: string): ColumnMeta => {
    const i = findColumn(columns, name);
    if (i < 0) throw new ConnectException(`Column ${name} (${property}) does not exist in ${label}`);
    return columns[i]!;
  };
  let timestamp: string[] = [];
  let incrementing: string | null = null;
  if (c.mode === 'timestamp' || c.mode === 'timestamp+incrementing') {
    timestamp = fromMapping(c.timestampMapping, 'timestamp.columns.mapping') ?? c.timestampColumns;
    const metas = timestamp.map((t) => need(t, 'timestamp.column.name'));
    if (c.validateNonNull && metas.every((m) => m.nullable))
      throw new ConnectException(
        `Cannot make incremental queries using timestamp columns [${timestamp.join(', ')}] on ${label} because all of these columns are nullable.`,
      );
  }
  if (c.mode === 'incrementing' || c.mode === 'timestamp+incrementing') {
    incrementing =
      fromMapping(c.incrementingMapping, 'incrementing.column.mapping')?.[0] ?? (c.incrementingColumn || null);
    if (!incrementing) {
      incrementing = columns.find((m) => m.autoIncrement)?.name ?? null;
      if (!incrementing)
        throw new ConnectException(
          `No auto-increment column found in ${label}: set incrementing.column.name (or incrementing.column.mapping)`,
        );
    }
    const meta = need(incrementing, 'incrementing.column.name');
    if (c.validateNonNull && meta.nullable)
      throw new ConnectException(
        `Cannot make incremental queries using incrementing column ${incrementing} on ${label} because this column is nullable.`,
      );
  }
  const first = timestamp.length > 0 ? columns[findColumn(columns, timestamp[0]!)] : undefined;
  return {
    timestamp,
    incrementing,
    timestampZoned: first?.kind.k === 'timestamp' && first.kind.zoned,
  };
}
