// plainDatetimeMicros: the fast path agrees with Date.parse where it answers, and declines the rest.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { plainDatetimeMicros } from '../src/common/datetime-text';

const slow = (t: string): number => {
  const [date, time] = t.split(' ');
  const [hms, frac = ''] = time!.split('.');
  return Date.parse(`${date}T${hms}Z`) * 1000 + Number((frac + '000000').slice(0, 6));
};

describe('plainDatetimeMicros', () => {
  it('reads plain datetimes with 0 to 6 fractional digits as Date.parse does', () => {
    for (const t of [
      '2024-01-02 03:04:05',
      '2024-12-28 23:59:59.9',
      '1970-01-01 00:00:00.000001',
      '0100-03-01 12:00:00.25',
      '9999-11-28 01:02:03.123456',
      '1969-07-20 20:17:40.5',
    ])
      assert.equal(plainDatetimeMicros(t), slow(t), t);
  });

  it('declines what it does not read: the caller takes the slow path', () => {
    for (const t of [
      '2024-01-31 03:04:05', // days past 28 are left to Date.parse's validation
      '0099-01-01 00:00:00', // Date.UTC maps years 0–99 to 1900+
      '2024-01-02 03:04:05+00', // a zone
      '2024-01-02 03:04:05.1234567', // more than microseconds
      '10000-01-01 00:00:00', // five-digit year
      '2024-01-02T03:04:05',
      '2024-01-02 03:04',
      '2024-13-02 03:04:05',
      '2024-01-02 24:00:00',
      '2024-01-02 03:04:05.x',
    ])
      assert.equal(plainDatetimeMicros(t), null, t);
  });
});
