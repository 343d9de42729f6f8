// ISO-8601 intervals as Confluent's Metrics API takes them (METRICS-AND-LOGS.md §A.3): start/end,
// start/duration, duration/end, `now` with an offset and a UTC truncation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInterval } from '../src/intervals';
import { MetricsQueryError } from '../src/query-error';

const utc = (s: string) => Date.parse(s);
// 12:06:41.123 UTC: not on any minute, hour or day boundary, so truncation is visible
const NOW = utc('2026-01-15T12:06:41.123Z');

const rejects = (text: string, detail: RegExp) =>
  assert.throws(
    () => parseInterval(text, NOW),
    (e: unknown) => e instanceof MetricsQueryError && e.pointer === '/intervals' && detail.test(e.message),
  );

describe('parseInterval', () => {
  it('reads start/end timestamps as UTC', () => {
    assert.deepEqual(parseInterval('2026-01-01T00:00:00Z/2026-01-01T01:00:00Z', NOW), {
      start: utc('2026-01-01T00:00:00Z'),
      end: utc('2026-01-01T01:00:00Z'),
    });
  });

  it('reads a timestamp without a zone as UTC and honours an explicit offset', () => {
    assert.deepEqual(parseInterval('2026-01-01T00:00:00/2026-01-01T03:00:00+02:00', NOW), {
      start: utc('2026-01-01T00:00:00Z'),
      end: utc('2026-01-01T01:00:00Z'),
    });
  });

  it('reads start/duration', () => {
    assert.deepEqual(parseInterval('2026-01-01T00:00:00Z/P1D', NOW), {
      start: utc('2026-01-01T00:00:00Z'),
      end: utc('2026-01-02T00:00:00Z'),
    });
  });

  it('reads duration/end with now, as the CLI sends (PT15M/now, P3D/now)', () => {
    assert.deepEqual(parseInterval('PT15M/now', NOW), { start: NOW - 15 * 60_000, end: NOW });
    assert.deepEqual(parseInterval('P3D/now', NOW), { start: NOW - 3 * 86_400_000, end: NOW });
    assert.deepEqual(parseInterval('PT1H30M/now', NOW), { start: NOW - 90 * 60_000, end: NOW });
  });

  it('applies now offsets in minutes, hours and days, both signs', () => {
    assert.deepEqual(parseInterval('now-2h/now+5m', NOW), { start: NOW - 2 * 3_600_000, end: NOW + 5 * 60_000 });
    assert.deepEqual(parseInterval('now-1d/now', NOW), { start: NOW - 86_400_000, end: NOW });
  });

  it('truncates now to the UTC minute, hour and day after the offset', () => {
    // the spec's example: the last hour, ending two minutes back, on whole minutes
    assert.deepEqual(parseInterval('now-62m|m/now-2m|m', NOW), {
      start: utc('2026-01-15T11:04:00Z'),
      end: utc('2026-01-15T12:04:00Z'),
    });
    assert.deepEqual(parseInterval('now-2m|m/now', NOW), { start: utc('2026-01-15T12:04:00Z'), end: NOW });
    assert.deepEqual(parseInterval('now-1h|h/now|h', NOW), {
      start: utc('2026-01-15T11:00:00Z'),
      end: utc('2026-01-15T12:00:00Z'),
    });
    assert.deepEqual(parseInterval('now-1d|d/now|d', NOW), {
      start: utc('2026-01-14T00:00:00Z'),
      end: utc('2026-01-15T00:00:00Z'),
    });
    // the offset applies first: 12:06 minus 7 minutes is 11:59, whose hour is 11:00
    assert.equal(parseInterval('now-7m|h/now', NOW).start, utc('2026-01-15T11:00:00Z'));
  });

  it('combines a duration with a truncated now (PT1H/now-2m|m)', () => {
    assert.deepEqual(parseInterval('PT1H/now-2m|m', NOW), {
      start: utc('2026-01-15T11:04:00Z'),
      end: utc('2026-01-15T12:04:00Z'),
    });
    assert.deepEqual(parseInterval('now-1h|h/PT1H', NOW), {
      start: utc('2026-01-15T11:00:00Z'),
      end: utc('2026-01-15T12:00:00Z'),
    });
  });

  it('rejects text that is not one interval', () => {
    for (const text of ['now', '', 'a/b/c', 'now/now/now']) rejects(text, /Invalid interval/);
  });

  it('rejects two durations, garbage, negative or zero durations and bad now forms', () => {
    for (const text of [
      'PT1H/PT2H',
      'yesterday/now',
      '/now',
      'now/',
      'PT0S/now',
      'PT-1H/now',
      'now-2w/now',
      'now-2/now',
      'now|s/now',
      'NOW/PT1H',
      '2026-13-01T00:00:00Z/now',
    ])
      rejects(text, /Invalid interval/);
  });

  it('rejects an interval that ends at or before its start', () => {
    rejects('now/now-1h', /ends before it starts/);
    rejects('now-2m|m/now-2m|m', /ends before it starts/);
    rejects('2026-01-02T00:00:00Z/2026-01-01T00:00:00Z', /ends before it starts/);
  });
});
