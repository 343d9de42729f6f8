// The SMTs that touch int64 values keep those beyond ±2^53 and the Java long limits exact: Cast to
// and from int64 (a double beyond the range saturates as Java's (long) does), InsertField passing
// the other fields through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaBuilder, Schemas, Struct } from '@libs/connect-spi';
import { K, sinkRecord, smt } from './helpers';

const EXTREMES = [2n ** 53n + 1n, -(2n ** 53n + 1n), -(2n ** 63n), 2n ** 63n - 1n];

describe('Cast and int64', () => {
  it('casts int64 text to exact bigints and int64 bigints to exact text', () => {
    for (const v of EXTREMES) {
      const toLong = smt(K + 'Cast$Value', { spec: 'n:int64' }).apply(sinkRecord({ value: { n: String(v) } }))!;
      assert.deepEqual(toLong.value, { n: v });
      const toText = smt(K + 'Cast$Key', { spec: 'string' }).apply(
        sinkRecord({ keySchema: Schemas.INT64_SCHEMA, key: v }),
      )!;
      assert.equal(toText.key, String(v));
    }
  });

  it('keeps an int64 field exact through a Struct cast of another field, and int64 → int64', () => {
    const schema = SchemaBuilder.struct()
      .field('id', SchemaBuilder.int64().build())
      .field('n', SchemaBuilder.int32().build())
      .build();
    for (const v of EXTREMES) {
      const r = smt(K + 'Cast$Value', { spec: 'id:int64,n:int64' }).apply(
        sinkRecord({ valueSchema: schema, value: new Struct(schema).put('id', v).put('n', 5) }),
      )!;
      assert.equal((r.value as Struct).get('id'), v);
      assert.equal((r.value as Struct).get('n'), 5);
    }
  });

  it('narrows an int64 as Java does: (int) keeps the low 32 bits, (double) rounds', () => {
    const r = smt(K + 'Cast$Value', { spec: 'a:int32,b:float64' }).apply(
      sinkRecord({ value: { a: 2n ** 53n + 1n, b: 2n ** 63n - 1n } }),
    )!;
    assert.deepEqual(r.value, { a: 1, b: 2 ** 63 });
  });

  it("casts a double beyond the long range to int64 like Java's (long): saturating, not wrapping", () => {
    const r = smt(K + 'Cast$Value', { spec: 'big:int64,small:int64,mid:int64' }).apply(
      sinkRecord({ value: { big: 1e19, small: -1e19, mid: 2 ** 60 + 0.5 } }),
    )!;
    assert.deepEqual(r.value, { big: 2n ** 63n - 1n, small: -(2n ** 63n), mid: 2n ** 60n });
  });
});

describe('InsertField and int64', () => {
  it('passes int64 fields beyond 2^53 through unchanged', () => {
    const schema = SchemaBuilder.struct().field('id', SchemaBuilder.int64().build()).build();
    for (const v of EXTREMES) {
      const r = smt(K + 'InsertField$Value', { 'offset.field': 'off', 'static.field': 's', 'static.value': 'x' }).apply(
        sinkRecord({ valueSchema: schema, value: new Struct(schema).put('id', v) }),
      )!;
      const out = r.value as Struct;
      assert.equal(out.get('id'), v);
      assert.equal(out.get('off'), 9);
    }
  });
});
