// The storage partitioners of Confluent's S3 sink (kafka-connect-storage-common): each turns a
// record into the folder path between <topic>/ and the file name.
//   DefaultPartitioner   partition=<kafka partition>
//   FieldPartitioner     f1=v1/f2=v2 from the value's fields (f=null for a null field)
//   TimeBasedPartitioner path.format applied to the record time floored to the time.interval period
// A record that cannot be partitioned throws DataException (the task sends it to the DLQ).
import { DataException, Struct, type SinkRecord } from '@libs/connect-spi';
import { floorToPeriod, formatPath, parsePathFormat } from './path-format';
import type { PartitionerConfig } from './s3-sink-config';

export interface Partitioner {
  /** The encoded partition of `record`, whose record time is `timestamp` (ms). */
  encode(record: SinkRecord, timestamp: number | null): string;
}

export function createPartitioner(config: PartitionerConfig): Partitioner {
  switch (config.kind) {
    case 'default':
      return { encode: (r) => `partition=${r.originalKafkaPartition ?? r.kafkaPartition ?? 0}` };
    case 'field':
      return { encode: (r) => config.fields.map((f) => `${f}=${fieldText(r.value, f)}`).join('/') };
    case 'time': {
      const tokens = parsePathFormat(config.pathFormat);
      return {
        encode: (_r, ts) => {
          if (ts === null) throw new DataException('Unable to determine timestamp using timestamp.extractor');
          return formatPath(tokens, floorToPeriod(ts, config.durationMs, config.zone), config.zone);
        },
      };
    }
  }
}

/** A value field (Struct or, unlike Confluent, a schemaless map) as FieldPartitioner prints it. */
function fieldText(value: unknown, field: string): string {
  let v: unknown;
  if (value instanceof Struct) {
    if (!value.schema.field(field)) throw new DataException(`Error encoding partition: no field ${field} in the value`);
    v = value.get(field);
  } else if (value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value)) {
    v = value instanceof Map ? value.get(field) : (value as Record<string, unknown>)[field];
  } else throw new DataException('Error encoding partition: the value is not a struct');
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object' && !(typeof v === 'bigint'))
    throw new DataException(`Error encoding partition: field ${field} is not a primitive`);
  return String(v);
}

/**
 * The record time: the Kafka timestamp, or timestamp.field of the value (a Connect Timestamp / Date,
 * epoch ms as a number, or an ISO-8601 string), as Confluent's RecordField extractor reads it.
 */
export function recordTime(record: SinkRecord, field: string | null): number | null {
  if (field === null) return record.timestamp ?? null;
  let v: unknown = record.value;
  for (const part of field.split('.')) {
    if (v instanceof Struct) v = v.get(part);
    else if (v instanceof Map) v = v.get(part);
    else if (v && typeof v === 'object') v = (v as Record<string, unknown>)[part];
    else v = undefined;
  }
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return t;
  }
  throw new DataException(`Unable to read timestamp.field ${field} of the record value`);
}
