import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { batchCrcOk, BATCH_HEADER_SIZE, decodeRecords, readBatchHeader, splitBatches } from './record-batch';
import { buildBatch } from './record-batch-builder';

describe('record batch builder', () => {
  it('round-trips keys, values, timestamps and both header forms', () => {
    const t0 = 1_700_000_000_000;
    const b = buildBatch([
      { key: 'k1', value: Buffer.from('v1'), timestamp: t0, headers: [{ key: 'a', value: 'x' }] },
      { key: null, value: null, timestamp: t0 + 5_000_000_000, headers: { h: ['1', Buffer.from('2')], n: null } },
      { value: 'ünïcödé', timestamp: t0 - 3, headers: { skipped: undefined } },
    ]);
    assert.ok(batchCrcOk(b));
    const h = readBatchHeader(b);
    assert.equal(h.recordsCount, 3);
    assert.equal(h.lastOffsetDelta, 2);
    assert.equal(h.maxTimestamp, t0 + 5_000_000_000);
    assert.equal(splitBatches(b, true).length, 1);
    const recs = decodeRecords(h, b.subarray(BATCH_HEADER_SIZE));
    assert.deepEqual(
      recs.map((r) => ({
        offset: r.offset,
        ts: r.timestamp,
        key: r.key?.toString() ?? null,
        value: r.value?.toString() ?? null,
        headers: r.headers.map((x) => [x.key, x.value?.toString() ?? null]),
      })),
      [
        { offset: 0, ts: t0, key: 'k1', value: 'v1', headers: [['a', 'x']] },
        {
          offset: 1,
          ts: t0 + 5_000_000_000,
          key: null,
          value: null,
          headers: [
            ['h', '1'],
            ['h', '2'],
            ['n', null],
          ],
        },
        { offset: 2, ts: t0 - 3, key: null, value: 'ünïcödé', headers: [] },
      ],
    );
  });

  it('compresses the records region and names the codec in the attributes', () => {
    const records = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: 'x'.repeat(100) }));
    const b = buildBatch(records, { attributes: 1, compress: (r) => gzipSync(r) });
    assert.ok(batchCrcOk(b));
    const h = readBatchHeader(b);
    assert.equal(h.attributes & 7, 1);
    assert.ok(b.length < 200 * 100);
    const recs = decodeRecords(h, gunzipSync(b.subarray(BATCH_HEADER_SIZE)));
    assert.equal(recs.length, 200);
    assert.equal(recs[199].key?.toString(), 'k199');
  });
});
