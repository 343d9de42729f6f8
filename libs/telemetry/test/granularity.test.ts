// Granularities of the query (METRICS-AND-LOGS.md §A.3): the names Confluent accepts, their
// widths, and how long an interval each may cover.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GRANULARITIES, isGranularity } from '../src/granularity';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('granularities', () => {
  it('are exactly the ones the spec lists', () => {
    assert.deepEqual(Object.keys(GRANULARITIES).sort(), [
      'ALL',
      'P1D',
      'PT12H',
      'PT15M',
      'PT1H',
      'PT1M',
      'PT30M',
      'PT4H',
      'PT5M',
      'PT6H',
    ]);
  });

  it('have the width their ISO-8601 name says', () => {
    const widths: Record<string, number> = {
      PT1M: MIN,
      PT5M: 5 * MIN,
      PT15M: 15 * MIN,
      PT30M: 30 * MIN,
      PT1H: HOUR,
      PT4H: 4 * HOUR,
      PT6H: 6 * HOUR,
      PT12H: 12 * HOUR,
      P1D: DAY,
      ALL: Infinity,
    };
    for (const [g, spec] of Object.entries(GRANULARITIES)) assert.equal(spec.ms, widths[g], g);
  });

  it('allow at least the interval lengths Confluent allows', () => {
    // Confluent: PT1M → 6 h, PT5M → 1 day, PT15M → 4 days, PT30M → 7 days, coarser unlimited
    const confluent: Record<string, number> = {
      PT1M: 6 * HOUR,
      PT5M: DAY,
      PT15M: 4 * DAY,
      PT30M: 7 * DAY,
      PT1H: Infinity,
      PT4H: Infinity,
      PT6H: Infinity,
      PT12H: Infinity,
      P1D: Infinity,
      ALL: Infinity,
    };
    for (const [g, spec] of Object.entries(GRANULARITIES))
      assert.ok(spec.maxIntervalMs >= confluent[g], `${g} covers ${spec.maxIntervalMs} ms`);
  });

  it('isGranularity accepts the names only', () => {
    assert.ok(isGranularity('PT1M'));
    assert.ok(isGranularity('ALL'));
    for (const g of ['pt1m', 'PT2M', 'P1W', '', 1, null, undefined, {}])
      assert.equal(isGranularity(g), false, String(g));
  });

  it('isGranularity does not accept inherited object keys', () => {
    // `in` would see Object.prototype: 'constructor' passed validation and the engine then
    // bucketed by an undefined width (Invalid Date → a 500 instead of a 400)
    for (const g of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      assert.equal(isGranularity(g), false, g);
  });
});
