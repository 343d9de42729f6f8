// PostgresCdcSourceV2's type mapping (CDC.md §5.2): Connect schemas per column type and the
// conversion of the server's text output (UTC, ISO, IntervalStyle=iso_8601, bytea hex).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal, Struct } from '@libs/connect-spi';
import { mapPgColumn, type PgColumnDef, type PgTypeOptions } from '@libs/connectors';

const O: PgTypeOptions = {
  decimal: 'precise',
  time: 'adaptive',
  binary: 'bytes',
  interval: 'numeric',
  moneyFractionDigits: 2,
};

const col = (typeName: string, extra: Partial<PgColumnDef> = {}): PgColumnDef => ({
  name: 'c',
  typeName,
  typeKind: 'b',
  elementType: null,
  typmod: -1,
  nullable: true,
  enumLabels: null,
  ...extra,
});
const m = (c: PgColumnDef, o: Partial<PgTypeOptions> = {}) => mapPgColumn(c, { ...O, ...o });
const numericTypmod = (p: number, s: number) => ((p << 16) | s) + 4;

describe('PostgreSQL type mapping', () => {
  it('integers, floats, booleans', () => {
    assert.equal(m(col('int2')).schema.type, 'INT16');
    assert.equal(m(col('int4')).convert('42'), 42);
    assert.equal(m(col('int8')).schema.type, 'INT64');
    assert.equal(m(col('int8')).convert('9223372036854775807'), 9223372036854775807n);
    assert.equal(m(col('float4')).schema.type, 'FLOAT32');
    assert.equal(m(col('float8')).convert('1.5'), 1.5);
    assert.equal(m(col('bool')).convert('t'), true);
    assert.equal(m(col('bool', { nullable: false })).schema.optional, false);
  });

  it('numeric: Decimal with precision, VariableScaleDecimal unconstrained, double and string modes', () => {
    const d = m(col('numeric', { typmod: numericTypmod(10, 2) }));
    assert.equal(d.schema.name, 'org.apache.kafka.connect.data.Decimal');
    assert.equal(d.schema.parameters?.['scale'], '2');
    assert.equal(d.schema.parameters?.['connect.decimal.precision'], '10');
    assert.deepEqual(d.convert('12.5'), BigDecimal.fromString('12.50'));
    const v = m(col('numeric'));
    assert.equal(v.schema.name, 'io.debezium.data.VariableScaleDecimal');
    const s = v.convert('-1.234') as Struct;
    assert.equal(s.get('scale'), 3);
    assert.deepEqual(s.get('value'), Buffer.from([0xfb, 0x2e])); // -1234 two's complement
    assert.equal(m(col('numeric'), { decimal: 'double' }).convert('2.25'), 2.25);
    assert.equal(m(col('numeric'), { decimal: 'string' }).convert('NaN'), 'NAN');
  });

  it('text, json/jsonb, uuid, bytea, enums', () => {
    assert.equal(m(col('varchar')).convert('x'), 'x');
    assert.equal(m(col('jsonb')).schema.name, 'io.debezium.data.Json');
    assert.equal(m(col('uuid')).schema.name, 'io.debezium.data.Uuid');
    assert.deepEqual(m(col('bytea')).convert('\\x0102ff'), Buffer.from([1, 2, 255]));
    assert.equal(m(col('bytea'), { binary: 'hex' }).convert('\\x0102ff'), '0102ff');
    const e = m(col('mood', { typeKind: 'e', enumLabels: ['sad', 'ok', 'happy'] }));
    assert.equal(e.schema.name, 'io.debezium.data.Enum');
    assert.equal(e.schema.parameters?.['allowed'], 'sad,ok,happy');
    assert.equal(e.convert('ok'), 'ok');
  });

  it('temporal types: adaptive precision, timestamptz as UTC ISO-8601, intervals', () => {
    assert.equal(m(col('date')).schema.name, 'io.debezium.time.Date');
    assert.equal(m(col('date')).convert('1970-01-11'), 10);
    const t6 = m(col('timestamp'));
    assert.equal(t6.schema.name, 'io.debezium.time.MicroTimestamp');
    assert.equal(t6.convert('2024-01-02 03:04:05.123456'), Date.UTC(2024, 0, 2, 3, 4, 5) * 1000 + 123456);
    const t3 = m(col('timestamp', { typmod: 3 }));
    assert.equal(t3.schema.name, 'io.debezium.time.Timestamp');
    assert.equal(t3.convert('2024-01-02 03:04:05.5'), Date.UTC(2024, 0, 2, 3, 4, 5, 500));
    const tz = m(col('timestamptz'));
    assert.equal(tz.schema.name, 'io.debezium.time.ZonedTimestamp');
    assert.equal(tz.convert('2024-01-02 03:04:05.5+00'), '2024-01-02T03:04:05.5Z');
    assert.equal(tz.convert('2024-01-02 03:04:05+02'), '2024-01-02T01:04:05Z');
    assert.equal(m(col('time')).schema.name, 'io.debezium.time.MicroTime');
    assert.equal(m(col('time')).convert('01:00:00.000001'), 3_600_000_001);
    assert.equal(m(col('time', { typmod: 0 })).schema.name, 'io.debezium.time.Time');
    assert.equal(m(col('time'), { time: 'adaptive_time_microseconds' }).schema.name, 'io.debezium.time.MicroTime');
    assert.equal(m(col('timetz')).convert('03:04:05+02'), '01:04:05Z');
    assert.equal(m(col('interval')).schema.name, 'io.debezium.time.MicroDuration');
    assert.equal(m(col('interval')).convert('P1DT1H'), 90_000_000_000);
  });

  it('arrays of optional elements', () => {
    const a = m(col('_int4', { elementType: 'int4' }));
    assert.equal(a.schema.type, 'ARRAY');
    assert.equal(a.schema.valueSchema?.type, 'INT32');
    assert.equal(a.schema.valueSchema?.optional, true);
    assert.deepEqual(a.convert('{1,NULL,3}'), [1, null, 3]);
    const t = m(col('_text', { elementType: 'text' }));
    assert.deepEqual(t.convert('{"a b",c}'), ['a b', 'c']);
  });
});
