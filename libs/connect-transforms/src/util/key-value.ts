// The $Key / $Value split: most SMTs operate on one side of the record and leave the rest alone.
import type { Schema } from '@libs/connect-spi';
import type { AnyRecord } from './requirements';

export type Side = 'key' | 'value';

export function operatingSchema(side: Side, r: AnyRecord): Schema | null {
  return side === 'key' ? r.keySchema : r.valueSchema;
}

export function operatingValue(side: Side, r: AnyRecord): unknown {
  return side === 'key' ? r.key : r.value;
}

export function newRecordFor<R extends AnyRecord>(side: Side, r: R, schema: Schema | null, value: unknown): R {
  return side === 'key'
    ? r.newRecord(r.topic, r.kafkaPartition, schema, value, r.valueSchema, r.value, r.timestamp)
    : r.newRecord(r.topic, r.kafkaPartition, r.keySchema, r.key, schema, value, r.timestamp);
}
