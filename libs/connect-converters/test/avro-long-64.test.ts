// Avro longs beyond 2^53 (BIGINT keys and values from change capture) come back from the AVRO
// converter as exact bigints; longs within 2^53 stay numbers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SchemaBuilder, Struct } from '@libs/connect-spi';
import { InMemorySchemaRegistry } from '@libs/schema-registry';
import { converterFor, deserializeWith, serializeWith } from '../src';

const schema = SchemaBuilder.struct()
  .name('shop.Row')
  .field('id', SchemaBuilder.int64().build())
  .field('ref', SchemaBuilder.int64().optional().build())
  .field('small', SchemaBuilder.int64().build())
  .build();

test('AVRO round-trips int64 values beyond 2^53 exactly (as bigints) and safe ones as numbers', async () => {
  const c = converterFor('AVRO', { client: new InMemorySchemaRegistry() });
  for (const [id, ref] of [
    [9_007_199_254_740_993n, -9_223_372_036_854_775_808n],
    [9_223_372_036_854_775_807n, -9_007_199_254_740_993n],
  ] as const) {
    const value = new Struct(schema).put('id', id).put('ref', ref).put('small', 42);
    const bytes = (await serializeWith(c, 'rows', null, schema, value))!;
    const back = (await deserializeWith(c, 'rows', null, bytes)).value as Struct;
    assert.equal(back.get('id'), id);
    assert.equal(back.get('ref'), ref);
    assert.equal(back.get('small'), 42);
  }
  const safe = new Struct(schema)
    .put('id', 2n ** 53n - 1n)
    .put('ref', null)
    .put('small', -7);
  const back = (await deserializeWith(c, 'rows', null, (await serializeWith(c, 'rows', null, schema, safe))!))
    .value as Struct;
  assert.equal(back.get('id'), Number.MAX_SAFE_INTEGER);
  assert.equal(back.get('ref'), null);
});
