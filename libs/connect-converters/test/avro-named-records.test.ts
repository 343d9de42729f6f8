// A named record used twice in one Connect schema (Debezium's `before` and `after` of `…Value`) is
// defined once and referenced by its full name afterwards, as Confluent's AvroData writes it; the
// Avro → Connect side resolves the reference back to the same struct.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaBuilder, Struct } from '@libs/connect-spi';
import { compileAvroToConnect, compileConnectToAvro } from '@libs/connect-converters';

describe('Connect → Avro: repeated named records', () => {
  it('the second occurrence is a name reference; values convert both ways', () => {
    const row = SchemaBuilder.struct()
      .name('shop.inv.stock.Value')
      .optional()
      .field('id', SchemaBuilder.int32().build())
      .build();
    const env = SchemaBuilder.struct().name('shop.inv.stock.Envelope').field('before', row).field('after', row).build();
    const c = compileConnectToAvro(env);
    const avro = c.avro as { fields: { name: string; type: unknown }[] };
    assert.equal((avro.fields[0]!.type as [string, { name: string }])[1].name, 'Value');
    assert.deepEqual(avro.fields[1]!.type, ['null', 'shop.inv.stock.Value']);
    const v = new Struct(env).put('before', new Struct(row).put('id', 1)).put('after', new Struct(row).put('id', 2));
    const plain = c.fromConnect(v) as { before: { id: number }; after: { id: number } };
    // a Struct of the record's schema is read through getters (what avsc's writer does)
    assert.deepEqual([plain.before.id, plain.after.id], [1, 2]);
    const back = compileAvroToConnect(c.avro).toConnect(plain) as Struct;
    assert.equal((back.get('after') as Struct).get('id'), 2);
    assert.equal((back.get('after') as Struct).schema.name, 'shop.inv.stock.Value');
  });
});
