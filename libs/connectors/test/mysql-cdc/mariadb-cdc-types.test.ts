// CDC.md §5.1 type mapping for every MariaDB column type: the Connect schema of each column, and
// the same values whether read by the snapshot (mysql2) or decoded from the binlog (zongji), with
// the Debezium encodings (µs times, days since epoch, little-endian BIT, ZonedTimestamp, Decimal,
// Geometry WKB); NULLs and the decimal / time / binary handling modes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BigDecimal, type Schema, type SourceRecord, type Struct } from '@libs/connect-spi';
import { BinlogCdcTask, EgressPolicy, MariaDbCdcTask } from '../../src';
import type { PrivateMariaDb } from '../private-mariadb';
import { MemoryOffsets, cdcProps, pollUntil, startBinlogMariaDb, startTask } from './cdc-harness';

const COLUMNS = `
  id INT PRIMARY KEY,
  b1 BIT(1), b10 BIT(10), bo BOOLEAN,
  ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,
  mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
  f FLOAT, fmd FLOAT(7,3), d DOUBLE, r REAL, dc DECIMAL(12,4), nm NUMERIC(5,0),
  c CHAR(5), vc VARCHAR(50), tt TINYTEXT, t TEXT, mt MEDIUMTEXT, lt LONGTEXT, j JSON,
  bn BINARY(4), vb VARBINARY(10), tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, lb LONGBLOB,
  e ENUM('a','b','c'), st SET('x','y','z'), y YEAR,
  dt DATE, tm TIME, tm6 TIME(6), dtm DATETIME, dtm3 DATETIME(3), dtm6 DATETIME(6),
  ts TIMESTAMP NULL, ts6 TIMESTAMP(6) NULL,
  g GEOMETRY, p POINT, ls LINESTRING, pg POLYGON,
  u UUID, i4 INET4, i6 INET6`;

const VALUES = `
  b'1', b'1000000011', TRUE,
  -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295, -9223372036854775808, 18446744073709551615,
  1.5, 1234.567, 2.25, 3.125, '12345678.1234', 99999,
  'ab', 'vär', 'tiny', 'text', 'medium', 'long', '{"a": [1, 2]}',
  x'01020304', x'0a0b', x'ff', x'00ff', x'0102', x'03',
  'b', 'x,z', 2024,
  '2024-02-29', '-838:59:59', '12:34:56.123456', '2024-02-29 23:59:58', '2024-02-29 23:59:58.123', '1969-12-31 23:59:59.999999',
  '2024-02-29 12:00:01', '2024-02-29 12:00:01.654321',
  ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('POINT(3 4)'), ST_GeomFromText('LINESTRING(0 0,1 1)'),
  ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))'),
  '123e4567-e89b-12d3-a456-426614174000', '192.168.0.1', '2001:db8::1'`;

let db: PrivateMariaDb;

before(async () => {
  BinlogCdcTask.egressPolicyOverride = new EgressPolicy({ devMode: true });
  db = await startBinlogMariaDb(12);
  await db.query('CREATE DATABASE typ');
  await db.query(`CREATE TABLE typ.all_types (${COLUMNS})`);
  await db.query(`INSERT INTO typ.all_types VALUES (1, ${VALUES})`);
  await db.query('INSERT INTO typ.all_types (id) VALUES (2)');
});

after(async () => {
  BinlogCdcTask.egressPolicyOverride = null;
  await db?.destroy();
});

const afterOf = (r: SourceRecord) => (r.value as Struct).get('after') as Struct;
const plain = (s: Struct) =>
  Object.fromEntries(
    s.schema.fields.map((f) => {
      const v = s.get(f);
      return [
        f.name,
        v instanceof BigDecimal
          ? v.toString()
          : v && typeof v === 'object' && 'schema' in v
            ? plainGeo(v as Struct)
            : v,
      ];
    }),
  );
const plainGeo = (g: Struct) => ({ wkb: (g.get('wkb') as Buffer).toString('hex'), srid: g.get('srid') });
const schemaOf = (s: Schema, f: string) => {
  const x = s.field(f)!.schema;
  return [x.type, x.name, x.parameters ? { ...x.parameters } : null];
};

async function capture(extra: Record<string, string>): Promise<{ snap: SourceRecord[]; streamed: SourceRecord[] }> {
  const task = new MariaDbCdcTask();
  const offsets = new MemoryOffsets();
  await startTask(task, cdcProps(db, { 'table.include.list': 'typ.all_types', ...extra }), offsets);
  try {
    const snap = await pollUntil(task, offsets, (all) => all.length >= 2);
    const id = 100 + Math.floor(Math.random() * 1e6);
    await db.query(`INSERT INTO typ.all_types VALUES (${id}, ${VALUES})`);
    await db.query(`INSERT INTO typ.all_types (id) VALUES (${id + 1})`);
    const streamed = await pollUntil(task, offsets, (all) => all.length >= 2);
    await db.query(`DELETE FROM typ.all_types WHERE id >= 100`);
    return { snap, streamed };
  } finally {
    await task.stop();
  }
}

describe('MariaDB CDC type mapping (CDC.md §5.1)', () => {
  it('default modes: schemas and values, identical from the snapshot and from the binlog', async () => {
    const { snap, streamed } = await capture({});
    const s = afterOf(snap[0]!).schema;
    const expectSchemas: Record<string, unknown[]> = {
      b1: ['BOOLEAN', null, null],
      b10: ['BYTES', 'io.debezium.data.Bits', { length: '10' }],
      bo: ['INT8', null, null],
      ti: ['INT8', null, null],
      tiu: ['INT16', null, null],
      si: ['INT16', null, null],
      siu: ['INT32', null, null],
      mi: ['INT32', null, null],
      miu: ['INT32', null, null],
      i: ['INT32', null, null],
      iu: ['INT64', null, null],
      bi: ['INT64', null, null],
      biu: ['INT64', null, null],
      f: ['FLOAT32', null, null],
      fmd: ['FLOAT64', null, null],
      d: ['FLOAT64', null, null],
      r: ['FLOAT64', null, null],
      dc: ['BYTES', 'org.apache.kafka.connect.data.Decimal', { scale: '4', 'connect.decimal.precision': '12' }],
      nm: ['BYTES', 'org.apache.kafka.connect.data.Decimal', { scale: '0', 'connect.decimal.precision': '5' }],
      c: ['STRING', null, null],
      lt: ['STRING', null, null],
      j: ['STRING', null, null],
      bn: ['BYTES', null, null],
      lb: ['BYTES', null, null],
      e: ['STRING', 'io.debezium.data.Enum', { allowed: 'a,b,c' }],
      st: ['STRING', 'io.debezium.data.EnumSet', { allowed: 'x,y,z' }],
      y: ['INT32', 'io.debezium.time.Year', null],
      dt: ['INT32', 'io.debezium.time.Date', null],
      tm: ['INT64', 'io.debezium.time.MicroTime', null],
      tm6: ['INT64', 'io.debezium.time.MicroTime', null],
      dtm: ['INT64', 'io.debezium.time.Timestamp', null],
      dtm3: ['INT64', 'io.debezium.time.Timestamp', null],
      dtm6: ['INT64', 'io.debezium.time.MicroTimestamp', null],
      ts: ['STRING', 'io.debezium.time.ZonedTimestamp', null],
      g: ['STRUCT', 'io.debezium.data.geometry.Geometry', null],
      u: ['STRING', null, null],
      i4: ['STRING', null, null],
      i6: ['STRING', null, null],
    };
    for (const [col, want] of Object.entries(expectSchemas)) assert.deepEqual(schemaOf(s, col), want, col);
    assert.ok(
      s.fields.filter((f) => f.name !== 'id').every((f) => f.schema.optional),
      'nullable columns are optional',
    );

    const fromSnapshot = plain(afterOf(snap[0]!));
    const fromBinlog = plain(afterOf(streamed[0]!));
    const want = {
      b1: true,
      b10: Buffer.from([0x03, 0x02]), // 0b10_0000_0011 little-endian
      bo: 1,
      ti: -128,
      tiu: 255,
      si: -32768,
      siu: 65535,
      mi: -8388608,
      miu: 16777215,
      i: -2147483648,
      iu: 4294967295,
      bi: -9223372036854775808n,
      biu: -1, // Java long wrap of 2^64-1 (bigint.unsigned.handling.mode=long)
      f: 1.5,
      fmd: 1234.567,
      d: 2.25,
      r: 3.125,
      dc: '12345678.1234',
      nm: '99999',
      c: 'ab',
      vc: 'vär',
      tt: 'tiny',
      t: 'text',
      mt: 'medium',
      lt: 'long',
      j: '{"a": [1, 2]}',
      bn: Buffer.from([1, 2, 3, 4]),
      vb: Buffer.from([0x0a, 0x0b]),
      tb: Buffer.from([0xff]),
      bl: Buffer.from([0, 0xff]),
      mb: Buffer.from([1, 2]),
      lb: Buffer.from([3]),
      e: 'b',
      st: 'x,z',
      y: 2024,
      dt: 19782,
      tm: -(838 * 3600 + 59 * 60 + 59) * 1_000_000,
      tm6: (12 * 3600 + 34 * 60 + 56) * 1_000_000 + 123456,
      dtm: Date.UTC(2024, 1, 29, 23, 59, 58),
      dtm3: Date.UTC(2024, 1, 29, 23, 59, 58, 123),
      dtm6: -1,
      ts: '2024-02-29T12:00:01Z',
      ts6: '2024-02-29T12:00:01.654321Z',
      g: {
        wkb: '0101000000000000000000f03f0000000000000040',
        srid: fromSnapshot.g && (fromSnapshot.g as { srid: unknown }).srid,
      },
      p: { wkb: '010100000000000000000008400000000000001040', srid: (fromSnapshot.p as { srid: unknown }).srid },
      u: '123e4567-e89b-12d3-a456-426614174000',
      i4: '192.168.0.1',
      i6: '2001:db8::1',
    };
    for (const [col, v] of Object.entries(want)) assert.deepEqual(fromSnapshot[col], v, `snapshot ${col}`);
    // the binlog gives no SRID for spatial values (zongji drops it)
    const geo = (o: Record<string, unknown>): Record<string, unknown> => ({
      ...o,
      g: (o.g as { wkb: string }).wkb,
      p: (o.p as { wkb: string }).wkb,
      id: 0,
    });
    const { ls: _l1, pg: _p1, ...snapRest } = geo(fromSnapshot);
    const { ls: _l2, pg: _p2, ...binRest } = geo(fromBinlog);
    assert.deepEqual(binRest, snapRest, 'the binlog decodes every value as the snapshot reads it');
    assert.equal((fromBinlog.ls as { wkb: string }).wkb, (fromSnapshot.ls as { wkb: string }).wkb, 'linestring');
    assert.equal((fromBinlog.pg as { wkb: string }).wkb, (fromSnapshot.pg as { wkb: string }).wkb, 'polygon');

    for (const nulls of [plain(afterOf(snap[1]!)), plain(afterOf(streamed[1]!))])
      for (const [col, v] of Object.entries(nulls)) if (col !== 'id') assert.equal(v, null, `NULL ${col}`);
  });

  it('decimal.handling.mode string/double, time.precision.mode=connect, binary.handling.mode=hex, bigint.unsigned precise', async () => {
    const { snap, streamed } = await capture({
      'decimal.handling.mode': 'string',
      'time.precision.mode': 'connect',
      'binary.handling.mode': 'hex',
      'bigint.unsigned.handling.mode': 'precise',
    });
    for (const r of [snap[0]!, streamed[0]!]) {
      const a = afterOf(r);
      assert.equal(a.get('dc'), '12345678.1234');
      assert.equal(a.schema.field('dt')!.schema.name, 'org.apache.kafka.connect.data.Date');
      assert.deepEqual(a.get('dt'), new Date(Date.UTC(2024, 1, 29)));
      assert.equal(a.schema.field('tm6')!.schema.name, 'org.apache.kafka.connect.data.Time');
      assert.equal(a.schema.field('dtm6')!.schema.name, 'org.apache.kafka.connect.data.Timestamp');
      assert.deepEqual(a.get('dtm3'), new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 123)));
      assert.equal(a.get('bn'), '01020304');
      assert.equal((a.get('biu') as BigDecimal).toString(), '18446744073709551615');
    }
    const dbl = await capture({ 'decimal.handling.mode': 'double' });
    assert.equal(afterOf(dbl.streamed[0]!).get('dc'), 12345678.1234);
  });
});
