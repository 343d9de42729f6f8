// A row change as the SourceRecords Debezium emits: the envelope record (c/u/d/r), a tombstone
// after a delete (tombstones.on.delete), and for a primary-key change the delete of the old key
// (+ tombstone) then the create of the new one, with the __debezium.newkey / oldkey headers.
import { SourceRecord, type SourceMap, type Struct } from '@libs/connect-spi';
import { envelopeValue, type Op } from './envelope';
import { keyOf, type TableSchemas } from './table-schema';

export interface RowChange {
  op: Exclude<Op, 't'>;
  before: Struct | null;
  after: Struct | null;
  source: Struct;
}

export interface ChangeRecordOptions {
  partition: SourceMap;
  offset: SourceMap;
  tombstonesOnDelete: boolean;
  /** Processing time (ms); also the Kafka record timestamp. */
  now: number;
}

export function changeRecords(t: TableSchemas, change: RowChange, o: ChangeRecordOptions): SourceRecord[] {
  if (change.op === 'u' && t.key) {
    const oldKey = keyOf(t, change.before);
    const newKey = keyOf(t, change.after);
    if (oldKey && newKey && !oldKey.equals(newKey)) {
      const del = one(t, { ...change, op: 'd', after: null }, oldKey, o);
      del.headers.add('__debezium.newkey', newKey, newKey.schema);
      const out = [del];
      if (o.tombstonesOnDelete) out.push(tombstone(t, oldKey, o));
      const create = one(t, { ...change, op: 'c', before: null }, newKey, o);
      create.headers.add('__debezium.oldkey', oldKey, oldKey.schema);
      out.push(create);
      return out;
    }
  }
  const key = keyOf(t, change.after ?? change.before);
  const rec = one(t, change, key, o);
  return change.op === 'd' && o.tombstonesOnDelete ? [rec, tombstone(t, key, o)] : [rec];
}

function one(t: TableSchemas, change: RowChange, key: Struct | null, o: ChangeRecordOptions): SourceRecord {
  const value = envelopeValue(t.envelope, {
    op: change.op,
    before: change.before,
    after: change.after,
    source: change.source,
    tsMs: o.now,
  });
  return new SourceRecord(o.partition, o.offset, t.topic, null, t.key, key, t.envelope, value, o.now);
}

function tombstone(t: TableSchemas, key: Struct | null, o: ChangeRecordOptions): SourceRecord {
  return new SourceRecord(o.partition, o.offset, t.topic, null, t.key, key, null, null, o.now);
}
