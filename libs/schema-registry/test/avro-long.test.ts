// The 64-bit Avro long's own varint paths write the bytes avsc's long writes (and Java's
// BinaryEncoder), and read back numbers within 2^53 and bigints beyond, at every varint length.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as avro from 'avsc';
import { AVRO_LONG_64 } from '../src';

/** Zig-zag varint as the Avro specification defines it, computed with bigints. */
function specBytes(n: bigint): Buffer {
  let zz = BigInt.asUintN(64, (n << 1n) ^ (n >> 63n));
  const out: number[] = [];
  while (zz > 0x7fn) {
    out.push(Number(zz & 0x7fn) | 0x80);
    zz >>= 7n;
  }
  out.push(Number(zz));
  return Buffer.from(out);
}

const values: bigint[] = [0n, -1n, 1n, 63n, -64n, 64n, 2n ** 31n, -(2n ** 31n) - 1n];
for (let bits = 7n; bits <= 63n; bits += 7n)
  values.push(2n ** bits - 1n, 2n ** bits, -(2n ** bits), -(2n ** bits) - 1n);
values.push(2n ** 53n - 1n, -(2n ** 53n - 1n), 2n ** 63n - 1n, -(2n ** 63n), 1_796_603_237_716_000_000n);

test('AVRO_LONG_64 writes the specification varint and reads each value back (numbers within 2^53)', () => {
  const stock = avro.Type.forSchema('long');
  for (const v of values.filter((x) => x >= -(2n ** 63n) && x < 2n ** 63n)) {
    const safe = v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER);
    const input = safe ? Number(v) : v;
    const bytes = AVRO_LONG_64.toBuffer(input);
    assert.deepEqual(bytes, specBytes(v), `bytes of ${v}`);
    // avsc's stock long accepts |n| ≤ 2^52
    if (v >= -(2n ** 52n) && v <= 2n ** 52n) assert.deepEqual(bytes, stock.toBuffer(Number(v)), `avsc's bytes of ${v}`);
    assert.equal(AVRO_LONG_64.fromBuffer(bytes), input, `read of ${v}`);
  }
});

test('AVRO_LONG_64 inside a record, with a buffer that must grow, and invalid values refused', () => {
  const reg = { long: AVRO_LONG_64 };
  const t = avro.Type.forSchema(
    {
      type: 'record',
      name: 'R',
      fields: [
        { name: 's', type: 'string' },
        { name: 'ns', type: 'long' },
      ],
    },
    { registry: reg },
  );
  const rec = { s: 'x'.repeat(2000), ns: 9_223_372_036_854_775_807n };
  const back = t.fromBuffer(t.toBuffer(rec)) as typeof rec;
  assert.equal(back.ns, rec.ns);
  assert.throws(() => AVRO_LONG_64.toBuffer(1.5));
  assert.throws(() => AVRO_LONG_64.toBuffer(2n ** 63n));
});

test('AVRO_LONG_64 writes a repeated bigint from its kept bytes, and the next value afresh', () => {
  const seq = [2n ** 60n, 2n ** 60n, -(2n ** 60n), -(2n ** 60n), 2n ** 60n, 2n ** 62n + 5n, 2n ** 62n + 5n];
  for (const v of seq) assert.deepEqual(AVRO_LONG_64.toBuffer(v), specBytes(v), `bytes of ${v}`);
});
