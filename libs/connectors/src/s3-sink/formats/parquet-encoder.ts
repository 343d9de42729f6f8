// PARQUET output (Confluent's ParquetFormat) with hyparquet-writer: one column per field of the
// value struct (a non-struct value is one column named "value"), codec snappy, gzip or none.
// Primitive fields keep their Parquet types (INT32, INT64, FLOAT, DOUBLE, BOOLEAN, STRING,
// BYTE_ARRAY, TIMESTAMP millis); Date, Time and Decimal become INT32 days, INT32 ms and STRING;
// nested structs, arrays and maps are JSON columns (Confluent writes Parquet groups there).
// Parquet is columnar, so rows are held until finish(): bytes() estimates them. The writer gives
// an encoder records of one value schema only (it rotates files on a schema change).
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer, type BasicType, type ColumnSource } from 'hyparquet-writer';
import { BigDecimal, DataException, type Struct, type Schema, type SinkRecord } from '@libs/connect-spi';
import type { JsonConverter } from '@libs/connect-converters';
import type { FileEncoder } from './file-encoder';

const DAY_MS = 86_400_000;

interface Column {
  name: string;
  schema: Schema;
  type: BasicType;
  read: (v: unknown) => unknown;
  data: unknown[];
}

export class ParquetEncoder implements FileEncoder {
  private readonly columns: Column[];
  private size = 0;

  constructor(
    private readonly schema: Schema,
    private readonly codec: 'none' | 'gzip' | 'snappy',
    private readonly json: JsonConverter,
  ) {
    const fields =
      schema.type === 'STRUCT'
        ? schema.fields.map((f) => ({ name: f.name, schema: f.schema }))
        : [{ name: 'value', schema }];
    this.columns = fields.map(({ name, schema: s }) => ({ name, schema: s, data: [], ...this.columnType(s) }));
  }

  private columnType(s: Schema): { type: BasicType; read: (v: unknown) => unknown } {
    switch (s.name) {
      case 'org.apache.kafka.connect.data.Timestamp':
        return { type: 'TIMESTAMP', read: (v) => v };
      case 'org.apache.kafka.connect.data.Date':
        return { type: 'INT32', read: (v) => Math.floor((v as Date).getTime() / DAY_MS) };
      case 'org.apache.kafka.connect.data.Time':
        return { type: 'INT32', read: (v) => (v as Date).getTime() };
      case 'org.apache.kafka.connect.data.Decimal':
        return { type: 'STRING', read: (v) => (v instanceof BigDecimal ? v.toString() : String(v)) };
    }
    switch (s.type) {
      case 'INT8':
      case 'INT16':
      case 'INT32':
        return { type: 'INT32', read: (v) => v };
      case 'INT64':
        return { type: 'INT64', read: (v) => BigInt(v as number | bigint) };
      case 'FLOAT32':
        return { type: 'FLOAT', read: (v) => v };
      case 'FLOAT64':
        return { type: 'DOUBLE', read: (v) => v };
      case 'BOOLEAN':
        return { type: 'BOOLEAN', read: (v) => v };
      case 'STRING':
        return { type: 'STRING', read: (v) => v };
      case 'BYTES':
        return { type: 'BYTE_ARRAY', read: (v) => (v instanceof Uint8Array ? v : Buffer.from(String(v))) };
      default:
        return {
          type: 'JSON',
          read: (v) => JSON.parse(String(this.json.fromConnectData('', null, s, v) ?? 'null')) as unknown,
        };
    }
  }

  add(r: SinkRecord): void {
    const value = r.value;
    const cells: unknown[] = [];
    for (const c of this.columns) {
      const v = this.schema.type === 'STRUCT' ? (value as Struct).get(c.name) : value;
      if (v === null || v === undefined) {
        if (!c.schema.optional) throw new DataException(`field ${c.name} is null but not optional`);
        cells.push(null);
        this.size += 1;
        continue;
      }
      const cell = c.read(v);
      cells.push(cell);
      this.size += typeof cell === 'string' ? cell.length + 4 : cell instanceof Uint8Array ? cell.length + 4 : 8;
    }
    // every cell read before any is stored: a bad record leaves the columns as they were
    this.columns.forEach((c, i) => c.data.push(cells[i]));
  }

  bytes(): number {
    return this.size;
  }

  async finish(): Promise<Buffer> {
    const columnData: ColumnSource[] = this.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.schema.optional,
      data: c.data as ColumnSource['data'],
    }));
    const codec = this.codec === 'snappy' ? 'SNAPPY' : this.codec === 'gzip' ? 'GZIP' : 'UNCOMPRESSED';
    const ab = parquetWriteBuffer({
      columnData,
      codec,
      compressors: { GZIP: (input: Uint8Array) => gzipSync(input) },
    });
    return Buffer.from(ab);
  }
}
