// Time zones when binding values for MySQL: timestamps in db.timezone, DATEs per date.timezone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectDate, Timestamp } from '@libs/connect-api';
import { bindValue } from '../src/mysql-sink/mysql-dialect';

const dateSchema = ConnectDate.SCHEMA;
const tsSchema = Timestamp.SCHEMA;
const DAY = 20_000; // 2024-10-04 as days since the epoch (midnight UTC)
const MIDNIGHT_UTC = DAY * 86_400_000;

describe('MySQL sink value binding', () => {
  it('writes timestamps in db.timezone', () => {
    assert.equal(bindValue(tsSchema, new Date(MIDNIGHT_UTC), false, 'UTC'), '2024-10-04 00:00:00.000');
    assert.equal(bindValue(tsSchema, new Date(MIDNIGHT_UTC), false, 'America/Los_Angeles'), '2024-10-03 17:00:00.000');
  });

  it('writes DATEs in db.timezone by default (DB_TIMEZONE), or UTC when date.timezone=UTC', () => {
    // Confluent's JDBC sink shifts a DATE to the previous day west of UTC unless date.timezone=UTC.
    assert.equal(bindValue(dateSchema, new Date(MIDNIGHT_UTC), false, 'America/Los_Angeles'), '2024-10-03');
    assert.equal(bindValue(dateSchema, new Date(MIDNIGHT_UTC), false, 'America/Los_Angeles', 'UTC'), '2024-10-04');
  });
});
