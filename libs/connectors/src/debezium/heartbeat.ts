// Heartbeat records (heartbeat.interval.ms > 0): key ServerNameKey {serverName}, value Heartbeat
// {ts_ms}, on `<topic.heartbeat.prefix>.<topic.prefix>`, carrying the connector's current offset so
// an idle captured database still moves the committed position forward.
import { SchemaBuilder, SourceRecord, Struct, type Schema, type SourceMap } from '@libs/connect-spi';

export const HEARTBEAT_KEY_SCHEMA: Schema = SchemaBuilder.struct()
  .name('io.debezium.connector.common.ServerNameKey')
  .field('serverName', SchemaBuilder.string().build())
  .build();

export const HEARTBEAT_VALUE_SCHEMA: Schema = SchemaBuilder.struct()
  .name('io.debezium.connector.common.Heartbeat')
  .field('ts_ms', SchemaBuilder.int64().build())
  .build();

export function heartbeatRecord(
  topic: string,
  serverName: string,
  partition: SourceMap,
  offset: SourceMap,
  now = Date.now(),
): SourceRecord {
  const key = new Struct(HEARTBEAT_KEY_SCHEMA).put('serverName', serverName);
  const value = new Struct(HEARTBEAT_VALUE_SCHEMA).put('ts_ms', now);
  return new SourceRecord(
    partition,
    offset,
    topic,
    null,
    HEARTBEAT_KEY_SCHEMA,
    key,
    HEARTBEAT_VALUE_SCHEMA,
    value,
    now,
  );
}
