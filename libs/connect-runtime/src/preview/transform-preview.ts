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
} from '@libs/connect-api';
import { JsonConverter, StringConverter, newConverter } from '@libs/connect-converters';
import { TransformationChain } from '@libs/connect-transforms';
import { javaClassNameOf } from '../errors/exception-names';
import type { Stage } from '../errors/stage';

export interface PreviewInputRecord {
  key?: unknown;
  value: unknown;
  headers?: Record<string, string | null>;
  topic?: string;
  partition?: number;
  offset?: number;
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

function run<T>(stage: Stage, className: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new StageError(stage, className, e instanceof Error ? e : new Error(String(e)));
  }
}

/**
 * Runs the preview. Throws (ConfigException) when the converters or the chain cannot be built:
 * that is a bad request, not a per-record error.
 */
export function previewTransforms(
  type: 'source' | 'sink',
  config: Record<string, string>,
  records: PreviewInputRecord[],
  defaultTopic: string,
): PreviewResult[] {
  const key = converter(config, 'key.converter');
  const value = converter(config, 'value.converter');
  const keyClass = config['key.converter'] || DEFAULT_KEY;
  const valueClass = config['value.converter'] || DEFAULT_VALUE;
  const chain = TransformationChain.fromConfig<SourceRecord & SinkRecord>(config);
  try {
    return records.map((raw) => {
      const { keyBytes, valueBytes, ...input } = raw;
      const topic = input.topic ?? defaultTopic;
      const headers = new ConnectHeaders(
        Object.entries(input.headers ?? {}).map(([k, v]) => new ConnectHeader(k, null, v)),
      );
      try {
        let rec: (SourceRecord & SinkRecord) | null;
        if (type === 'sink') {
          const k = run('KEY_CONVERTER', keyClass, () =>
            key.toConnectData(topic, headers, keyBytes !== undefined ? keyBytes : asBytes(input.key)),
          );
          const v = run('VALUE_CONVERTER', valueClass, () =>
            value.toConnectData(topic, headers, valueBytes !== undefined ? valueBytes : asBytes(input.value)),
          );
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
          rec = new SourceRecord(
            null,
            null,
            topic,
            input.partition ?? null,
            null,
            input.key ?? null,
            null,
            input.value,
            null,
            headers,
          ) as SourceRecord & SinkRecord;
        }
        for (const stage of chain.stages) {
          const cur: SourceRecord & SinkRecord = rec;
          rec = run('TRANSFORMATION', stage.className, () => stage.apply(cur));
          if (rec === null) return { before: input, after: null, dropped: true, error: null };
        }
        const out: SourceRecord & SinkRecord = rec;
        if (type === 'sink') {
          return {
            before: input,
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
        const kb = run('KEY_CONVERTER', keyClass, () =>
          key.fromConnectData(out.topic, out.headers, out.keySchema, out.key),
        );
        const vb = run('VALUE_CONVERTER', valueClass, () =>
          value.fromConnectData(out.topic, out.headers, out.valueSchema, out.value),
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
    });
  } finally {
    chain.close();
  }
}
