// The JDBC source's type mapping (JDBC-SOURCE.md §4) against the real servers: every MariaDB and
// PostgreSQL column type to its Connect schema and value, numeric.mapping's four settings on
// Postgres numeric (MySQL DECIMAL is JDBC DECIMAL: always a Decimal), db.timezone for zone-less
// date-times, timestamp.granularity, and unsupported types left out of the record.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BigDecimal, type Schema, type SourceRecord, type Struct } from '@libs/connect-spi';
import {
  MemoryOffsets,
  mariaDb,
  pollUntil,
  postgres,
  startSource,
  tablesProp,
  type TestDb,
  useDevEgress,
} from './jdbc-source-harness';

useDevEgress();

/** Each field as 'TYPE[?] [logical name(params)]'. */
function shape(schema: Schema): Record<string, string> {
  return Object.fromEntries(
    schema.fields.map((f) => {
      const s = f.schema;
      const params = s.parameters ? `(${Object.values(s.parameters).join(',')})` : '';
      return [f.name, `${s.type}${s.optional ? '?' : ''}${s.name ? ` ${s.name.split('.').pop()}${params}` : ''}`];
    }),
  );
}

async function oneRow(db: TestDb, table: string, extra: Record<string, string> = {}): Promise<SourceRecord> {
  const offsets = new MemoryOffsets();
  const task = await startSource(db, db.props({ mode: 'bulk', ...tablesProp(db, table), ...extra }), offsets);
  try {
    return (await pollUntil(task, offsets, (all) => all.length >= 1))[0]!;
  } finally {
    await task.stop();
  }
}

describe('MySqlSource type mapping (MariaDB)', () => {
  let db: TestDb;
  before(async () => {
    db = await mariaDb();
    await db.exec(`CREATE TABLE t (
      id INT PRIMARY KEY, b TINYINT(1), ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,
      mi MEDIUMINT, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, f FLOAT, d DOUBLE,
      dec1 DECIMAL(10,2), num NUMERIC(5,0), c CHAR(3), vc VARCHAR(10) NOT NULL, tx TEXT, en ENUM('x','y'),
      js JSON, bin BINARY(2), vb VARBINARY(4), bl BLOB, bit1 BIT(1), bit9 BIT(9), dt DATE, tm TIME(3),
      dtm DATETIME(6), tsz TIMESTAMP(3) NULL, yr YEAR)`);
    await db.exec(`INSERT INTO t VALUES (1, 1, -5, 250, -300, 65000, -8000000, -2000000000, 4000000000,
      -9007199254740993, 42, 1.5, 2.25, '12345678.91', 99999, 'abc', 'hello', 'long text', 'y',
      '{"a": 1}', X'0102', X'0A0B0C', X'FF00', b'1', b'100000001', '2024-02-29', '13:14:15.678',
      '2024-03-01 10:20:30.123456', '2024-03-01 10:20:30.500', 2024)`);
  });
  after(async () => {
    await db?.drop();
  });

  it('maps every column type as Connector/J and GenericDatabaseDialect do', async () => {
    const r = await oneRow(db, 't', { 'numeric.mapping': 'best_fit' });
    assert.deepEqual(shape(r.valueSchema!), {
      id: 'INT32',
      b: 'INT8?',
      ti: 'INT8?',
      tiu: 'INT16?',
      si: 'INT16?',
      siu: 'INT32?',
      mi: 'INT32?',
      i: 'INT32?',
      iu: 'INT64?',
      bi: 'INT64?',
      biu: 'INT64?',
      f: 'FLOAT32?',
      d: 'FLOAT64?',
      dec1: 'BYTES? Decimal(2,10)',
      num: 'BYTES? Decimal(0,5)',
      c: 'STRING?',
      vc: 'STRING',
      tx: 'STRING?',
      en: 'STRING?',
      js: 'STRING?',
      bin: 'BYTES?',
      vb: 'BYTES?',
      bl: 'BYTES?',
      bit1: 'INT8?',
      bit9: 'BYTES?',
      dt: 'INT32? Date',
      tm: 'INT32? Time',
      dtm: 'INT64? Timestamp',
      tsz: 'INT64? Timestamp',
      yr: 'INT32? Date',
    });
    const v = r.value as Struct;
    assert.equal(v.get('b'), 1);
    assert.equal(v.get('tiu'), 250);
    assert.equal(v.get('iu'), 4000000000);
    assert.equal(v.get('bi'), -9007199254740993n);
    assert.equal(v.get('biu'), 42);
    assert.equal(v.get('f'), 1.5);
    assert.deepEqual(v.get('dec1'), new BigDecimal(1234567891n, 2));
    assert.deepEqual(v.get('num'), new BigDecimal(99999n, 0));
    assert.equal(v.get('js'), '{"a": 1}');
    assert.deepEqual(v.get('vb'), Buffer.from([10, 11, 12]));
    assert.equal(v.get('bit1'), 1);
    assert.deepEqual(v.get('bit9'), Buffer.from([1, 1]));
    assert.equal((v.get('dt') as Date).toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal((v.get('tm') as Date).getTime(), (13 * 3600 + 14 * 60 + 15) * 1000 + 678);
    assert.equal((v.get('dtm') as Date).toISOString(), '2024-03-01T10:20:30.123Z');
    assert.equal((v.get('tsz') as Date).toISOString(), '2024-03-01T10:20:30.500Z');
    assert.equal((v.get('yr') as Date).toISOString(), '2024-01-01T00:00:00.000Z');
  });

  it('BIGINT UNSIGNED beyond 2^63 fails the task with the value named', async () => {
    await db.exec('UPDATE t SET biu = 18446744073709551615');
    const offsets = new MemoryOffsets();
    const task = await startSource(db, db.props({ mode: 'bulk', ...tablesProp(db, 't') }), offsets);
    try {
      await assert.rejects(
        pollUntil(task, offsets, (all) => all.length >= 1),
        /18446744073709551615 does not fit a 64-bit integer/,
      );
    } finally {
      await task.stop();
      await db.exec('UPDATE t SET biu = 42');
    }
  });

  it('db.timezone: DATETIME is wall-clock time there; TIMESTAMP is an instant; granularity MICROS_LONG', async () => {
    const r = await oneRow(db, 't', { 'db.timezone': 'America/New_York', 'timestamp.granularity': 'MICROS_LONG' });
    const v = r.value as Struct;
    assert.equal(r.valueSchema!.field('dtm')!.schema.type, 'INT64');
    assert.equal(v.get('dtm'), Date.UTC(2024, 2, 1, 15, 20, 30) * 1000 + 123456, '10:20 in New York = 15:20Z');
    assert.equal(v.get('tsz'), Date.UTC(2024, 2, 1, 10, 20, 30, 500) * 1000);
  });
});

describe('PostgresSource type mapping', () => {
  let db: TestDb;
  before(async () => {
    db = await postgres();
    await db.exec("CREATE TYPE mood AS ENUM ('sad', 'happy')");
    await db.exec('CREATE DOMAIN posint AS integer CHECK (VALUE > 0)');
    await db.exec(`CREATE TABLE t (
      id int PRIMARY KEY, b boolean, si smallint, i int, bi bigint, r real, d double precision,
      n52 numeric(5,2), n50 numeric(5,0), n120 numeric(12,0), n202 numeric(20,2), nu numeric,
      c char(3), vc varchar(10) NOT NULL, tx text, js json, jsb jsonb, u uuid, en mood, dom posint,
      ba bytea, bt1 bit(1), bt4 bit(4), vbt varbit(20), dt date, tm time(3), ts timestamp(6),
      tstz timestamptz, iv interval, arr int[])`);
    await db.exec(`INSERT INTO t VALUES (1, true, -300, -2000000000, 9007199254740993, 1.5, 2.25,
      123.45, 99999, 123456789012, 123456789012345678.91, 3.14159, 'abc', 'hello', 'long text',
      '{"a": 1}', '{"b": 2}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'happy', 7, '\\x0102', B'1', B'1010',
      B'101', '2024-02-29', '13:14:15.678', '2024-03-01 10:20:30.123456', '2024-03-01 10:20:30.5+02',
      '1 day', '{1,2}')`);
  });
  after(async () => {
    await db?.drop();
  });

  it('maps every column type as pgjdbc and GenericDatabaseDialect do; arrays and intervals are left out', async () => {
    const r = await oneRow(db, 't');
    assert.deepEqual(shape(r.valueSchema!), {
      id: 'INT32',
      b: 'BOOLEAN?',
      si: 'INT16?',
      i: 'INT32?',
      bi: 'INT64?',
      r: 'FLOAT32?',
      d: 'FLOAT64?',
      n52: 'BYTES? Decimal(2,5)',
      n50: 'BYTES? Decimal(0,5)',
      n120: 'BYTES? Decimal(0,12)',
      n202: 'BYTES? Decimal(2,20)',
      nu: 'STRING?',
      c: 'STRING?',
      vc: 'STRING',
      tx: 'STRING?',
      js: 'STRING?',
      jsb: 'STRING?',
      u: 'STRING?',
      en: 'STRING?',
      dom: 'INT32?',
      ba: 'BYTES?',
      bt1: 'BOOLEAN?',
      bt4: 'INT8?',
      vbt: 'BYTES?',
      dt: 'INT32? Date',
      tm: 'INT32? Time',
      ts: 'INT64? Timestamp',
      tstz: 'INT64? Timestamp',
    });
    const v = r.value as Struct;
    assert.equal(v.get('b'), true);
    assert.equal(v.get('bi'), 9007199254740993n);
    assert.deepEqual(v.get('n52'), new BigDecimal(12345n, 2));
    assert.deepEqual(v.get('n202'), new BigDecimal(12345678901234567891n, 2));
    assert.equal(v.get('nu'), '3.14159');
    assert.equal(v.get('c'), 'abc');
    assert.equal(v.get('jsb'), '{"b": 2}');
    assert.equal(v.get('u'), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    assert.equal(v.get('en'), 'happy');
    assert.equal(v.get('dom'), 7);
    assert.deepEqual(v.get('ba'), Buffer.from([1, 2]));
    assert.equal(v.get('bt4'), 10);
    assert.equal((v.get('dt') as Date).toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal((v.get('tm') as Date).getTime(), (13 * 3600 + 14 * 60 + 15) * 1000 + 678);
    assert.equal((v.get('ts') as Date).toISOString(), '2024-03-01T10:20:30.123Z');
    assert.equal((v.get('tstz') as Date).toISOString(), '2024-03-01T08:20:30.500Z');
  });

  it('numeric.mapping: none, precision_only, best_fit, best_fit_eager_double', async () => {
    const cols = ['n52', 'n50', 'n120', 'n202', 'nu'];
    const mapped = async (mapping: string) => {
      const r = await oneRow(db, 't', { 'numeric.mapping': mapping });
      const s = shape(r.valueSchema!);
      const v = r.value as Struct;
      return Object.fromEntries(cols.map((c) => [c, [s[c], v.get(c)]]));
    };
    assert.deepEqual(await mapped('precision_only'), {
      n52: ['BYTES? Decimal(2,5)', new BigDecimal(12345n, 2)],
      n50: ['INT32?', 99999],
      n120: ['INT64?', 123456789012],
      n202: ['BYTES? Decimal(2,20)', new BigDecimal(12345678901234567891n, 2)],
      nu: ['STRING?', '3.14159'],
    });
    assert.deepEqual(await mapped('best_fit'), {
      n52: ['FLOAT64?', 123.45],
      n50: ['INT32?', 99999],
      n120: ['INT64?', 123456789012],
      n202: ['BYTES? Decimal(2,20)', new BigDecimal(12345678901234567891n, 2)],
      nu: ['FLOAT64?', 3.14159],
    });
    assert.deepEqual(await mapped('best_fit_eager_double'), {
      n52: ['FLOAT64?', 123.45],
      n50: ['INT32?', 99999],
      n120: ['INT64?', 123456789012],
      n202: ['FLOAT64?', Number('123456789012345678.91')], // a double cannot hold every digit
      nu: ['FLOAT64?', 3.14159],
    });
  });

  it('db.timezone: timestamp without time zone is wall-clock time there; timestamptz is an instant', async () => {
    const r = await oneRow(db, 't', { 'db.timezone': '+05:30' });
    const v = r.value as Struct;
    assert.equal((v.get('ts') as Date).toISOString(), '2024-03-01T04:50:30.123Z');
    assert.equal((v.get('tstz') as Date).toISOString(), '2024-03-01T08:20:30.500Z');
  });
});
