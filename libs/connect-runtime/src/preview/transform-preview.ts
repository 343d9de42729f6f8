// Transform preview (connectplane extension): runs a connector config's converters and
// transformation chain on sample records, in memory, and reports each record before and after
// with the first error (stage, class, message). Nothing is created, produced or registered.
// Sinks: the sample is what the topic holds (value text/JSON → bytes) → key/value converters →
// transforms. Sources: the sample is the task's Connect data → transforms → converters → bytes.
import {
  ConnectHeader,
  ConnectHeaders,
  SinkRecord,
  SourceRecord,
  Struct,
  type Converter,
  type Header,
} from '@libs/connect-spi';
import {
  converterConfig,
  deserializeWith,
  JsonConverter,
  managedConverters,
  newConverter,
  serializeWith,
  StringConverter,
  type SchemaRegistryConfig,
} from '@libs/connect-converters';
import { TransformationChain } from '@libs/connect-transforms';
import { javaClassNameOf } from '../errors/exception-names';
import type { Stage } from '../errors/stage';
import { converterClassName } from '../runtime/task-errors';

export interface PreviewInputRecord {
  key?: unknown;
  value: unknown;
  headers?: Record<string, string | null>;
  topic?: string;
  partition?: number;
  offset?: number;
  /** Sinks: the key/value bytes as base64 (e.g. Schema Registry wire format); they win over key/value. */
  keyBase64?: string;
  valueBase64?: string;
  /**
   * Sources: the Connect schema of key/value, in JsonConverter's envelope format
   * (`{"type":"struct","fields":[…]}`), so schema-based formats (AVRO, …) can serialize them.
   */
  keySchema?: unknown;
  valueSchema?: unknown;
  /** Raw bytes read from a topic (sinks); they win over key/value, which then only describe them. */
  keyBytes?: Buffer | null;
  valueBytes?: Buffer | null;
}

export interface PreviewRecordView {
  topic: string;
  partition: number | null;
  key: unknown;
  value: unknown;
  headers: Record<string, unknown>;
}

export interface PreviewResult {
  before: PreviewInputRecord;
  /** Sinks: the key/value as Connect data after the converters, before the transforms. */
  converted?: { key: unknown; value: unknown };
  /** null when a transform dropped the record (or it failed). */
  after: PreviewRecordView | null;
  dropped: boolean;
  error: { stage: Stage; class: string; exception: string; message: string } | null;
}

const DEFAULT_KEY = 'org.apache.kafka.connect.storage.StringConverter';
const DEFAULT_VALUE = 'org.apache.kafka.connect.json.JsonConverter';

function converter(config: Record<string, string>, prefix: 'key.converter' | 'value.converter'): Converter {
  const isKey = prefix === 'key.converter';
  const c = newConverter(config, prefix, isKey);
  if (c) return c;
  if (isKey) {
    const s = new StringConverter();
    s.configure({ 'converter.type': 'key' }, true);
    return s;
  }
  const j = new JsonConverter();
  j.configure({ 'schemas.enable': false, 'converter.type': 'value' }, false);
  return j;
}

/** Connect data as JSON-able values (Structs as objects of their fields, bytes as base64). */
export function plainConnectData(v: unknown): unknown {
  if (v === null || v === undefined) return v ?? null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Struct)
    return Object.fromEntries(v.schema.fields.map((f) => [f.name, plainConnectData(v.get(f.name))]));
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plainConnectData(x)]));
  if (Array.isArray(v)) return v.map(plainConnectData);
  if (typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, plainConnectData(x)]));
  }
  return v;
}

/** Serialized bytes for display: UTF-8 text when it is text, else base64. */
function bytesView(b: Buffer | null | undefined): unknown {
  if (b === null || b === undefined) return null;
  const text = b.toString('utf8');
  return Buffer.from(text, 'utf8').equals(b) ? text : { base64: b.toString('base64') };
}

function asBytes(v: unknown): Buffer | null {
  if (v === null || v === undefined) return null;
  return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8');
}

function headerView(headers: ConnectHeaders): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const h of headers.toArray() as Header[]) out[h.key] = plainConnectData(h.value);
  return out;
}

class StageError extends Error {
  constructor(
    readonly stage: Stage,
    readonly className: string,
    readonly original: Error,
  ) {
    super(original.message);
  }
}

async function run<T>(stage: Stage, className: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new StageError(stage, className, e instanceof Error ? e : new Error(String(e)));
  }
}

/** A source sample's key/value with its Connect schema (JsonConverter envelope), if one is given. */
function withSchema(envelope: JsonConverter, topic: string, schema: unknown, value: unknown) {
  if (schema === undefined || schema === null) return { schema: null, value: value ?? null };
  return envelope.toConnectData(topic, null, Buffer.from(JSON.stringify({ schema, payload: value ?? null })));
}

/**
 * Runs the preview. Throws (ConfigException) when the converters or the chain cannot be built:
 * that is a bad request, not a per-record error. A managed config (`input.data.format` /
 * `output.data.format`) gets its data format's converters against `sr` (pass a read-only client:
 * the preview must register nothing).
 */
export async function previewTransforms(
  type: 'source' | 'sink',
  config: Record<string, string>,
  records: PreviewInputRecord[],
  defaultTopic: string,
  sr: SchemaRegistryConfig = {},
): Promise<PreviewResult[]> {
  config = converterConfig(type, config);
  const managed =
    config['output.data.format'] !== undefined || config['input.data.format'] !== undefined
      ? managedConverters(config, sr)
      : null;
  const key = managed?.key ?? converter(config, 'key.converter');
  const value = managed?.value ?? converter(config, 'value.converter');
  const keyClass = managed ? converterClassName(config, true) : config['key.converter'] || DEFAULT_KEY;
  const valueClass = managed ? converterClassName(config, false) : config['value.converter'] || DEFAULT_VALUE;
  const envelope = new JsonConverter();
  envelope.configure({ 'schemas.enable': true }, false);
  const chain = TransformationChain.fromConfig<SourceRecord & SinkRecord>(config);
  const out: PreviewResult[] = [];
  try {
    for (const raw of records) out.push(await previewOne(raw));
    return out;
  } finally {
    chain.close();
  }

  async function previewOne(raw: PreviewInputRecord): Promise<PreviewResult> {
    const { keyBytes: rawKey, valueBytes: rawValue, ...input } = raw;
    const b64 = (s: string | undefined) => (s === undefined ? undefined : Buffer.from(s, 'base64'));
    const keyBytes = rawKey !== undefined ? rawKey : b64(input.keyBase64);
    const valueBytes = rawValue !== undefined ? rawValue : b64(input.valueBase64);
    const topic = input.topic ?? defaultTopic;
    const headers = new ConnectHeaders(
      Object.entries(input.headers ?? {}).map(([k, v]) => new ConnectHeader(k, null, v)),
    );
    let converted: PreviewResult['converted'];
    try {
      let rec: (SourceRecord & SinkRecord) | null;
      if (type === 'sink') {
        const k = await run('KEY_CONVERTER', keyClass, () =>
          deserializeWith(key, topic, headers, keyBytes !== undefined ? keyBytes : asBytes(input.key)),
        );
        const v = await run('VALUE_CONVERTER', valueClass, () =>
          deserializeWith(value, topic, headers, valueBytes !== undefined ? valueBytes : asBytes(input.value)),
        );
        converted = { key: plainConnectData(k.value), value: plainConnectData(v.value) };
        rec = new SinkRecord(
          topic,
          input.partition ?? 0,
          k.schema,
          k.value,
          v.schema,
          v.value,
          input.offset ?? 0,
          null,
          'NoTimestampType',
          headers,
        ) as SourceRecord & SinkRecord;
      } else {
        const k = await run('KEY_CONVERTER', 'org.apache.kafka.connect.json.JsonConverter', () =>
          withSchema(envelope, topic, input.keySchema, input.key),
        );
        const v = await run('VALUE_CONVERTER', 'org.apache.kafka.connect.json.JsonConverter', () =>
          withSchema(envelope, topic, input.valueSchema, input.value),
        );
        rec = new SourceRecord(
          null,
          null,
          topic,
          input.partition ?? null,
          k.schema,
          k.value,
          v.schema,
          v.value,
          null,
          headers,
        ) as SourceRecord & SinkRecord;
      }
      for (const stage of chain.stages) {
        const cur: SourceRecord & SinkRecord = rec;
        rec = await run('TRANSFORMATION', stage.className, () => stage.apply(cur));
        if (rec === null)
          return { before: input, ...(converted ? { converted } : {}), after: null, dropped: true, error: null };
      }
      const out: SourceRecord & SinkRecord = rec;
      if (type === 'sink') {
        return {
          before: input,
          converted,
          after: {
            topic: out.topic,
            partition: out.kafkaPartition ?? null,
            key: plainConnectData(out.key),
            value: plainConnectData(out.value),
            headers: headerView(out.headers),
          },
          dropped: false,
          error: null,
        };
      }
      const kb = await run('KEY_CONVERTER', keyClass, () =>
        serializeWith(key, out.topic, out.headers, out.keySchema, out.key),
      );
      const vb = await run('VALUE_CONVERTER', valueClass, () =>
        serializeWith(value, out.topic, out.headers, out.valueSchema, out.value),
      );
      return {
        before: input,
        after: {
          topic: out.topic,
          partition: out.kafkaPartition ?? null,
          key: bytesView(kb),
          value: bytesView(vb),
          headers: headerView(out.headers),
        },
        dropped: false,
        error: null,
      };
    } catch (e) {
      if (!(e instanceof StageError)) throw e;
      return {
        before: input,
        after: null,
        dropped: false,
        error: {
          stage: e.stage,
          class: e.className,
          exception: javaClassNameOf(e.original),
          message: e.original.message,
        },
      };
    }
  }
}
