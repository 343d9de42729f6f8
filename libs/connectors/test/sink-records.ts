// What the JDBC sink tests feed their tasks: Datagen's ORDERS as a Connect struct, and sink records
// at increasing offsets.
import { SchemaBuilder, SinkRecord, Struct, Timestamp, type Schema } from '@libs/connect-spi';

const orderSchema = SchemaBuilder.struct()
  .name('ksql.orders')
  .field('ordertime', Timestamp.builder().build())
  .field('orderid', SchemaBuilder.int32().build())
  .field('itemid', SchemaBuilder.string().build())
  .field('orderunits', SchemaBuilder.float64().build())
  .build();

export function order(id: number, item = `Item_${id}`, units = 1.5): Struct {
  return new Struct(orderSchema)
    .put('ordertime', new Date(1_700_000_000_000 + id))
    .put('orderid', id)
    .put('itemid', item)
    .put('orderunits', units);
}

let offset = 0;
export function rec(
  topic: string,
  value: Struct | null,
  key: unknown = null,
  keySchema: Schema | null = null,
  partition = 0,
): SinkRecord {
  return new SinkRecord(topic, partition, keySchema, key, value ? value.schema : null, value, offset++);
}
