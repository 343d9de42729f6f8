// structOf: a NOT NULL column without data (a Postgres delete carrying only the key, REPLICA
// IDENTITY DEFAULT) takes Debezium's fallback value instead of failing the required field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal, Decimal, SchemaBuilder, Timestamp } from '@libs/connect-spi';
import { structOf } from '@libs/connectors';

describe('debezium structOf', () => {
  const schema = SchemaBuilder.struct()
    .name('p.s.t.Value')
    .field('id', SchemaBuilder.int32().build())
    .field('name', SchemaBuilder.string().build())
    .field('note', SchemaBuilder.string().optional().build())
    .field('amount', Decimal.builder(2).build())
    .field('at', Timestamp.builder().build())
    .field('flag', SchemaBuilder.bool().build())
    .field('n', SchemaBuilder.int64().defaultValue(7).build())
    .build();

  it('keeps given values and nulls of optional fields; required fields without data get the fallback', () => {
    const s = structOf(schema, { id: 3, note: null, name: null });
    assert.equal(s.get('id'), 3);
    assert.equal(s.get('note'), null);
    assert.equal(s.get('name'), '');
    assert.deepEqual(s.get('amount'), new BigDecimal(0n, 2));
    assert.deepEqual(s.get('at'), new Date(0));
    assert.equal(s.get('flag'), false);
    assert.equal(s.get('n'), 7);
    s.validate();
  });
});
