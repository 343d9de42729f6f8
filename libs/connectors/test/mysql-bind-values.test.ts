// Time zones when binding values for MySQL: timestamps in db.timezone, DATEs per date.timezone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectDate, SchemaBuilder, Timestamp } from '@libs/connect-spi';
import { bindValue } from '../src/mysql-sink/mysql-dialect';

const dateSchema = ConnectDate.SCHEMA;
const tsSchema = Timestamp.SCHEMA;
const DAY = 20_000; // 2024-10-04 as days since the epoch (midnight UTC)
const MIDNIGHT_UTC = DAY * 86_400_000;

describe('MySQL sink value binding', () => {
  it('writes timestamps in db.timezone', () => {
    assert.equal(bindValue(tsSchema, new Date(MIDNIGHT_UTC), null, 'UTC'), '2024-10-04 00:00:00.000');
    assert.equal(bindValue(tsSchema, new Date(MIDNIGHT_UTC), null, 'America/Los_Angeles'), '2024-10-03 17:00:00.000');
  });

  it('writes DATEs in db.timezone by default (DB_TIMEZONE), or UTC when date.timezone=UTC', () => {
    // Confluent's JDBC sink shifts a DATE to the previous day west of UTC unless date.timezone=UTC.
    assert.equal(bindValue(dateSchema, new Date(MIDNIGHT_UTC), null, 'America/Los_Angeles'), '2024-10-03');
    assert.equal(bindValue(dateSchema, new Date(MIDNIGHT_UTC), null, 'America/Los_Angeles', 'UTC'), '2024-10-04');
  });
});

describe('MySQL sink timestamp.fields.list values', () => {
  const int64 = SchemaBuilder.int64().build();
  const str = SchemaBuilder.string().build();
  const MICROS = 1_728_000_000_123_456n; // 2024-10-04 00:00:00.123456 UTC

  it('reads longs and numeric strings as epoch microseconds by default (timestamp.precision.mode)', () => {
    assert.equal(bindValue(int64, Number(MICROS), 'microseconds', 'UTC'), '2024-10-04 00:00:00.123456');
    assert.equal(bindValue(int64, MICROS, 'microseconds', 'UTC'), '2024-10-04 00:00:00.123456');
    assert.equal(bindValue(str, String(MICROS), 'microseconds', 'America/Los_Angeles'), '2024-10-03 17:00:00.123456');
  });

  it('reads them as epoch nanoseconds with nanoseconds, truncated to the column’s microseconds', () => {
    assert.equal(bindValue(int64, MICROS * 1000n + 999n, 'nanoseconds', 'UTC'), '2024-10-04 00:00:00.123456');
    assert.equal(bindValue(str, `${MICROS}789`, 'nanoseconds', 'UTC'), '2024-10-04 00:00:00.123456');
  });

  it('takes other strings as local date-times in db.timezone and refuses anything else', () => {
    assert.equal(bindValue(str, '2024-10-04T08:09:10.123456789', 'nanoseconds', 'UTC'), '2024-10-04 08:09:10.123456');
    assert.equal(bindValue(str, '2024-10-04T08:09:10', 'microseconds', 'Europe/Paris'), '2024-10-04 08:09:10.000000');
    assert.throws(() => bindValue(str, 'yesterday', 'microseconds', 'UTC'), /Cannot convert yesterday to a timestamp/);
  });

  it('leaves fields outside the list alone', () => {
    assert.equal(bindValue(int64, 42, null, 'UTC'), 42);
  });
});
