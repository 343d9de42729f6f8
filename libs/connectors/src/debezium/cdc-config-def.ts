// How both CDC sources declare their properties: Confluent's groups, one definer numbering the
// properties in declaration order, and the blocks their tables share word for word.
import { ValidString, type ConfigDef } from '@libs/connect-spi';

export const CDC_GROUP = {
  connection: 'How should we connect to your database?',
  database: 'Database config',
  output: 'Output messages',
  connector: 'Connector config',
} as const;

export type CdcPropertyType = 'STRING' | 'INT' | 'LONG' | 'BOOLEAN' | 'LIST' | 'PASSWORD';

/** Defines one property (no default = required, HIGH importance); `allowed` restricts a string. */
export type CdcDefine = (
  name: string,
  type: CdcPropertyType,
  defaultValue: unknown,
  doc: string,
  group: string,
  allowed?: string[],
) => void;

export function cdcDefiner(d: ConfigDef): CdcDefine {
  let order = 0;
  return (name, type, defaultValue, doc, group, allowed) =>
    void d.define({
      name,
      type,
      ...(defaultValue !== undefined ? { defaultValue } : {}),
      ...(allowed ? { validator: ValidString.in(...allowed) } : {}),
      importance: defaultValue === undefined ? 'HIGH' : 'MEDIUM',
      documentation: doc,
      group,
      orderInGroup: ++order,
      displayName: name,
    });
}

/** The first output properties, as both sources list them (time precision differs, so it comes after). */
export function defineCdcEventShape(def: CdcDefine): void {
  def('tombstones.on.delete', 'BOOLEAN', true, 'A tombstone after each delete.', CDC_GROUP.output);
  def('after.state.only', 'BOOLEAN', false, 'Only the after state (unwrap SMT with delete rewrite).', CDC_GROUP.output);
  def('decimal.handling.mode', 'STRING', 'precise', 'precise, double or string.', CDC_GROUP.output, [
    'precise',
    'double',
    'string',
  ]);
}

export function defineCdcBinaryHandling(def: CdcDefine): void {
  def('binary.handling.mode', 'STRING', 'bytes', 'bytes, base64, base64-url-safe or hex.', CDC_GROUP.output, [
    'bytes',
    'base64',
    'base64-url-safe',
    'hex',
  ]);
}

export function defineCdcSkippedOpsAndNames(def: CdcDefine): void {
  def(
    'skipped.operations',
    'LIST',
    't',
    'Operations not emitted while streaming (c, u, d, t, none).',
    CDC_GROUP.output,
  );
  def('schema.name.adjustment.mode', 'STRING', 'none', 'none, avro or avro_unicode.', CDC_GROUP.output, [
    'none',
    'avro',
    'avro_unicode',
  ]);
}

/** Heartbeats and the task's batching, as both sources list them. */
export function defineCdcPolling(def: CdcDefine): void {
  def('heartbeat.interval.ms', 'INT', 0, '0 = no heartbeats.', CDC_GROUP.connector);
  def('topic.heartbeat.prefix', 'STRING', '__debezium-heartbeat', 'Heartbeat topic prefix.', CDC_GROUP.connector);
  def('max.batch.size', 'INT', 2048, 'Events per batch (1–5000).', CDC_GROUP.connector);
  def('poll.interval.ms', 'LONG', 500, 'Wait when no events are queued.', CDC_GROUP.connector);
}
