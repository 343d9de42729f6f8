// The CDC sources turn 64-bit columns into exact Connect int64 values: MySQL/MariaDB BIGINT and
// BIGINT UNSIGNED (as zongji decodes them from the binlog: a number while safe, exact text beyond,
// and as mysql2 returns them in the snapshot with bigNumberStrings) with Debezium's
// bigint.unsigned.handling.mode (long overflows like a Java long, precise is a Decimal), and
// PostgreSQL int8 / int8[] text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal } from '@libs/connect-spi';
import { mapColumn, mapPgColumn, type ColumnDef, type TypeOptions } from '../src';

const EXTREMES = [2n ** 53n + 1n, -(2n ** 53n + 1n), -(2n ** 63n), 2n ** 63n - 1n];
/** What zongji hands over: numbers while exact, decimal text beyond. */
const zongji = (v: bigint): number | string => (Number.isSafeInteger(Number(v)) ? Number(v) : String(v));

const mysqlCol = (columnType: string): ColumnDef => ({
  name: 'c',
  dataType: 'bigint',
  columnType,
  nullable: true,
  precision: 19,
  scale: 0,
  fsp: null,
  charset: null,
  collation: null,
});
const O: TypeOptions = {
  decimal: 'precise',
  time: 'adaptive_time_microseconds',
  binary: 'bytes',
  bigintUnsigned: 'long',
};

describe('MySQL CDC BIGINT', () => {
  it('signed BIGINT: int64 extremes exact from binlog numbers/text and snapshot text', () => {
    const m = mapColumn(mysqlCol('bigint(20)'), O);
    assert.equal(m.schema.type, 'INT64');
    for (const v of EXTREMES) {
      assert.equal(m.convert(zongji(v)), v);
      assert.equal(m.convert(String(v)), v);
    }
    assert.equal(m.convert(2 ** 53 - 1), Number.MAX_SAFE_INTEGER);
  });

  it('BIGINT UNSIGNED, long mode: exact up to 2^63 − 1, then Java long overflow (2^64 − 1 → −1)', () => {
    const m = mapColumn(mysqlCol('bigint(20) unsigned'), O);
    assert.equal(m.schema.type, 'INT64');
    assert.equal(m.convert('9007199254740993'), 2n ** 53n + 1n);
    assert.equal(m.convert('9223372036854775807'), 2n ** 63n - 1n);
    assert.equal(m.convert('9223372036854775808'), -(2n ** 63n));
    assert.equal(m.convert('18446744073709551615'), -1);
  });

  it('BIGINT UNSIGNED, precise mode: Decimal(20, 0) with every digit', () => {
    const m = mapColumn(mysqlCol('bigint(20) unsigned'), { ...O, bigintUnsigned: 'precise' });
    assert.equal(m.schema.name, 'org.apache.kafka.connect.data.Decimal');
    for (const text of ['18446744073709551615', '9007199254740993', '0'])
      assert.equal((m.convert(text) as BigDecimal).toString(), text);
  });
});

describe('PostgreSQL CDC int8', () => {
  const col = (typeName: string, elementType: string | null = null) => ({
    name: 'c',
    typeName,
    typeKind: 'b',
    elementType,
    typmod: -1,
    nullable: true,
    enumLabels: null,
  });
  const O2 = {
    decimal: 'precise',
    time: 'adaptive',
    binary: 'bytes',
    interval: 'numeric',
    moneyFractionDigits: 2,
  } as const;

  it('int8 and int8[] text become exact int64 values', () => {
    const m = mapPgColumn(col('int8'), O2);
    for (const v of EXTREMES) assert.equal(m.convert(String(v)), v);
    assert.equal(m.convert('42'), 42);
    const a = mapPgColumn(col('_int8', 'int8'), O2);
    assert.deepEqual(a.convert(`{${EXTREMES.join(',')},7}`), [...EXTREMES, 7]);
  });
});
